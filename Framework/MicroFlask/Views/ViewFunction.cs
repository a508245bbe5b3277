using System.Linq.Expressions;
using System.Reflection;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Routing;
using MicroFlask.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.Views;

/// <summary>
/// A view compiled once, at registration, into a call that takes the URL variables: parameters bind by name to
/// the rule's variables (or by type to Request, ISession, G, App, CancellationToken, else to a service of the
/// request's scope), and Task / ValueTask results are awaited. No reflection per request.
/// </summary>
internal sealed class ViewFunction
{
    private static readonly MethodInfo ConvertArgumentMethod = typeof(ViewFunction).GetMethod(nameof(ConvertArgument), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo GetRequiredServiceMethod = typeof(RequestContext).GetMethod(nameof(RequestContext.GetRequiredService), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo GetOptionalServiceMethod = typeof(RequestContext).GetMethod(nameof(RequestContext.GetOptionalService), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private readonly Func<IReadOnlyDictionary<string, object?>, RequestContext, ValueTask<object?>> _invoke;
    private readonly ParameterInfo[] _services;
    private readonly string _rulePattern;
    private readonly IReadOnlyCollection<string> _variables;

    private ViewFunction(
        string name, Func<IReadOnlyDictionary<string, object?>, RequestContext, ValueTask<object?>> invoke,
        ParameterInfo[] services, string rulePattern, IReadOnlyCollection<string> variables)
    {
        Name = name;
        _invoke = invoke;
        _services = services;
        _rulePattern = rulePattern;
        _variables = variables;
    }

    /// <summary>The method name, for messages.</summary>
    internal string Name { get; }

    internal ValueTask<object?> InvokeAsync(IReadOnlyDictionary<string, object?> viewArgs, RequestContext context) =>
        _invoke(viewArgs, context);

    /// <summary>
    /// Compiles <paramref name="view"/> for <paramref name="rule"/>. A URL variable whose converter's values cannot
    /// become its parameter's type is an error now; any other parameter is a service, checked when the app starts
    /// (<see cref="FindUnresolvable"/>), since services may be registered after the route.
    /// </summary>
    internal static ViewFunction Create(Delegate view, Rule rule, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(view);
        var method = view.Method;
        var args = Expression.Parameter(typeof(IReadOnlyDictionary<string, object?>), "args");
        var context = Expression.Parameter(typeof(RequestContext), "context");

        var arguments = new List<Expression>();
        var services = new List<ParameterInfo>();
        foreach (var parameter in method.GetParameters())
        {
            arguments.Add(BindParameter(parameter, args, context, rule, endpoint, services));
        }

        Expression call = Expression.Invoke(Expression.Constant(view), arguments);
        var body = WrapResult(call, method.ReturnType);
        var lambda = Expression.Lambda<Func<IReadOnlyDictionary<string, object?>, RequestContext, ValueTask<object?>>>(body, args, context);
        return new ViewFunction(endpoint, lambda.Compile(), [.. services], rule.Pattern, rule.Arguments);
    }

    /// <summary>
    /// The message for the first service parameter that <paramref name="services"/> cannot supply, or null when all
    /// can. A provider that cannot say what it holds (no <see cref="IServiceProviderIsService"/>) is trusted.
    /// </summary>
    internal string? FindUnresolvable(IServiceProvider? services)
    {
        if (_services.Length == 0) return null;
        var isService = services?.GetService(typeof(IServiceProviderIsService)) as IServiceProviderIsService;
        foreach (var parameter in _services)
        {
            if (services is not null && (isService is null || isService.IsService(parameter.ParameterType))) continue;
            var type = TypeName(parameter.ParameterType);
            return $"The view '{Name}' has a parameter '{parameter.Name}' of type {type} that is neither a variable of the rule " +
                $"'{_rulePattern}' (variables: {(_variables.Count == 0 ? "none" : string.Join(", ", _variables))}), a Request, ISession, G, App " +
                $"or CancellationToken, nor a registered service. Register it (app.ConfigureServices(services => services.AddScoped<{type}>())), " +
                "or name the parameter after a variable of the rule.";
        }
        return null;
    }

    /// <summary>The name Flask would use as the endpoint: the method's name, first letter lower case; null for a lambda.</summary>
    internal static string? EndpointName(MethodInfo method)
    {
        var name = method.Name;
        // Local functions compile to "<Outer>g__Name|0_0"; lambdas to "<Outer>b__0_0", which has no usable name.
        var local = name.IndexOf("g__", StringComparison.Ordinal);
        if (name.StartsWith('<') && local > 0)
        {
            var end = name.IndexOf('|', local);
            name = name[(local + 3)..(end < 0 ? name.Length : end)];
        }
        else if (name.StartsWith('<'))
        {
            return null;
        }
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static Expression BindParameter(
        ParameterInfo parameter, ParameterExpression args, ParameterExpression context,
        Rule rule, string endpoint, List<ParameterInfo> services)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name ?? "";
        var index = IndexOf(rule.Arguments, name);
        if (index >= 0)
        {
            CheckVariableType(rule.ConverterAt(index), parameter, rule.Pattern, endpoint);
            return Expression.Call(ConvertArgumentMethod.MakeGenericMethod(type), args, Expression.Constant(name));
        }
        // A rule default (Werkzeug's defaults=) reaches the view as a URL variable would.
        if (rule.Defaults?.ContainsKey(name) == true)
            return Expression.Call(ConvertArgumentMethod.MakeGenericMethod(type), args, Expression.Constant(name));
        if (type == typeof(Request)) return Expression.Property(context, nameof(RequestContext.Request));
        if (type == typeof(ISession)) return Expression.Property(context, nameof(RequestContext.Session));
        if (type == typeof(App)) return Expression.Property(context, nameof(RequestContext.App));
        if (type == typeof(G)) return Expression.Property(null, typeof(G), nameof(G.Current));
        if (type == typeof(CancellationToken))
            return Expression.Property(Expression.Property(context, nameof(RequestContext.Request)), nameof(Request.Aborted));
        if (parameter.HasDefaultValue)
        {
            if (type.IsValueType) return Expression.Constant(parameter.DefaultValue, type);
            // An optional service: the default when the app has no such service.
            return Expression.Coalesce(
                Expression.Convert(Expression.Call(context, GetOptionalServiceMethod, Expression.Constant(type)), type),
                Expression.Constant(parameter.DefaultValue, type));
        }

        // A number or another struct is never a service: a misspelt URL variable, decidable now.
        if (type.IsValueType)
            throw new ArgumentException(
                $"The view '{endpoint}' has a parameter '{name}' of type {TypeName(type)} that is not a variable of the rule '{rule.Pattern}' " +
                $"(variables: {(rule.Arguments.Count == 0 ? "none" : string.Join(", ", rule.Arguments))}). Name it after a variable, add <{name}> to the rule, or give it a default value.",
                name);

        // Anything else is a service, resolved from the request's scope; whether it is registered is checked at start.
        services.Add(parameter);
        return Expression.Convert(Expression.Call(context, GetRequiredServiceMethod, Expression.Constant(type)), type);
    }

    private static int IndexOf(IReadOnlyList<string> variables, string name)
    {
        for (var i = 0; i < variables.Count; i++)
        {
            if (variables[i] == name) return i;
        }
        return -1;
    }

    /// <summary>
    /// Refuses a parameter its converter's values can never become (<c>Guid id</c> on <c>&lt;int:id&gt;</c>), which
    /// would otherwise make every request a 404. Integers go to any number type (too big a value is still a 404);
    /// a custom converter's values are not known here, so its parameters are not checked.
    /// </summary>
    private static void CheckVariableType(RouteConverter converter, ParameterInfo parameter, string rulePattern, string endpoint)
    {
        var (valueName, fits) = converter switch
        {
            IntegerConverter => ("an integer", (Func<Type, bool>)(t => IsNumber(t))),
            FloatConverter => ("a floating-point number", t => t == typeof(double) || t == typeof(float) || t == typeof(decimal)),
            UuidConverter => ("a Guid", t => t == typeof(Guid)),
            StringConverter or PathConverter or AnyConverter => ("a string", t => t == typeof(string)),
            _ => ("", _ => true),
        };
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type == typeof(object) || fits(type)) return;
        var suggestion = type == typeof(Guid) ? "<uuid:" + parameter.Name + ">"
            : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "<float:" + parameter.Name + ">"
            : IsNumber(type) ? "<int:" + parameter.Name + ">"
            : null;
        throw new ArgumentException(
            $"The view '{endpoint}' takes '{parameter.Name}' as {TypeName(parameter.ParameterType)}, but the rule '{rulePattern}' matches it as {valueName}, " +
            $"so no request could reach the view. Change the parameter's type{(suggestion is null ? "" : ", or write the variable as " + suggestion)}.",
            parameter.Name);
    }

    private static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(double) || type == typeof(float)
        || type == typeof(decimal) || type == typeof(System.Numerics.BigInteger);

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? TypeName(inner) + "?"
        : type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">"
        : type.Name;

    private static Expression WrapResult(Expression call, Type returnType)
    {
        if (returnType == typeof(void))
            return Expression.Block(call, Expression.Default(typeof(ValueTask<object?>)));
        if (returnType == typeof(Task))
            return Expression.Call(typeof(ViewFunction).GetMethod(nameof(AwaitTask), BindingFlags.NonPublic | BindingFlags.Static)!, call);
        if (returnType == typeof(ValueTask))
            return Expression.Call(typeof(ViewFunction).GetMethod(nameof(AwaitValueTask), BindingFlags.NonPublic | BindingFlags.Static)!, call);
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            return Expression.Call(typeof(ViewFunction).GetMethod(nameof(AwaitTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returnType.GetGenericArguments()[0]), call);
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return Expression.Call(typeof(ViewFunction).GetMethod(nameof(AwaitValueTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returnType.GetGenericArguments()[0]), call);
        return Expression.New(
            typeof(ValueTask<object?>).GetConstructor(new[] { typeof(object) })!,
            Expression.Convert(call, typeof(object)));
    }

    private static T ConvertArgument<T>(IReadOnlyDictionary<string, object?> args, string name)
    {
        var value = args[name];
        if (value is T typed) return typed;
        try
        {
            return (T)System.Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            // The URL matched the rule but its value does not fit the parameter (e.g. a huge number for an int).
            throw new HttpException(404, null, e);
        }
    }

    private static async ValueTask<object?> AwaitTask(Task task)
    {
        await task;
        return null;
    }

    private static async ValueTask<object?> AwaitValueTask(ValueTask task)
    {
        await task;
        return null;
    }

    private static async ValueTask<object?> AwaitTaskOf<T>(Task<T> task) => await task;

    private static ValueTask<object?> AwaitValueTaskOf<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitSlow(task);

    private static async ValueTask<object?> AwaitSlow<T>(ValueTask<T> task) => await task;
}
