using System.Linq.Expressions;
using System.Reflection;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Routing;
using MicroFlask.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.Views;

/// <summary>
/// A view or a hook compiled once, at registration, into one call: a view's parameters bind by name to the rule's
/// variables, a hook's to the value it is handed (the response of an after-request hook, the error of a teardown hook
/// or an error handler) by type; every other parameter binds by type to Request, ISession, G, App, CancellationToken,
/// else to a service of the request's scope. Task / ValueTask results are awaited. No reflection per request.
/// </summary>
internal sealed class ViewFunction
{
    private static readonly MethodInfo ConvertArgumentMethod = typeof(ViewFunction).GetMethod(nameof(ConvertArgument), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo GetRequiredServiceMethod = typeof(RequestContext).GetMethod(nameof(RequestContext.GetRequiredService), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo GetOptionalServiceMethod = typeof(RequestContext).GetMethod(nameof(RequestContext.GetOptionalService), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>();
    private readonly Func<IReadOnlyDictionary<string, object?>, object?, RequestContext?, ValueTask<object?>> _invoke;
    private readonly ParameterInfo[] _services;
    private readonly Binding _binding;

    private ViewFunction(
        Func<IReadOnlyDictionary<string, object?>, object?, RequestContext?, ValueTask<object?>> invoke,
        ParameterInfo[] services, Binding binding, bool needsRequest)
    {
        _invoke = invoke;
        _services = services;
        _binding = binding;
        NeedsRequest = needsRequest;
    }

    /// <summary>The endpoint, or the hook's name, for messages.</summary>
    internal string Name => _binding.Name;

    /// <summary>"The view 'index'", "The after_request hook (Response response, Clock clock) => ...": how messages name it.</summary>
    internal string Description => _binding.Description;

    /// <summary>Whether a parameter reads the request context (a Request, ISession, CancellationToken or a service).</summary>
    internal bool NeedsRequest { get; }

    internal ValueTask<object?> InvokeAsync(IReadOnlyDictionary<string, object?> viewArgs, RequestContext context) =>
        _invoke(viewArgs, null, context);

    /// <summary>Calls a hook with the value it is handed (the response, the error, or null).</summary>
    internal ValueTask<object?> InvokeHookAsync(object? argument, RequestContext? context) =>
        _invoke(NoArguments, argument, context);

    /// <summary>
    /// Compiles <paramref name="view"/> for <paramref name="rule"/>. A URL variable whose converter's values cannot
    /// become its parameter's type is an error now; any other parameter is a service, checked when the app starts
    /// (<see cref="FindUnresolvable"/>), since services may be registered after the route.
    /// </summary>
    internal static ViewFunction Create(Delegate view, Rule rule, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(view);
        var variables = rule.Arguments.Count == 0 ? "none" : string.Join(", ", rule.Arguments);
        return Compile(view, new Binding(endpoint, $"The view '{endpoint}'", rule, null,
            $"a variable of the rule '{rule.Pattern}' (variables: {variables}), ", "or name the parameter after a variable of the rule"));
    }

    /// <summary>
    /// Compiles a hook of <paramref name="kind"/> ("before_request", "errorhandler"...), through the same binding as a
    /// view's. Its first parameter that can hold an <paramref name="argumentType"/> gets the value the hook is handed;
    /// <paramref name="resultType"/>, when given, is what the hook must return (a Response for an after-request hook).
    /// </summary>
    /// <exception cref="ArgumentException">A parameter no request could supply, or a result of the wrong type.</exception>
    internal static ViewFunction CreateHook(Delegate hook, string kind, Type? argumentType = null, Type? resultType = null)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var method = hook.Method;
        var name = EndpointName(method) is { } named ? "'" + named + "'"
            : "(" + string.Join(", ", method.GetParameters().Select(p => TypeName(p.ParameterType) + " " + p.Name)) + ") => ...";
        var description = $"The {kind} hook {name}";
        if (resultType is not null && !Returns(method.ReturnType, resultType))
            throw new ArgumentException($"{description} returns {TypeName(method.ReturnType)}: it must return a {TypeName(resultType)}" +
                (resultType == typeof(Response) ? ", a Task<Response> or a ValueTask<Response> (the response to send)." : "."), nameof(hook));
        var given = argumentType is null ? "" : $"the {TypeName(argumentType)} it is handed, ";
        return Compile(hook, new Binding(name, description, null, argumentType, given, "or give it a default value"));
    }

    private static ViewFunction Compile(Delegate function, Binding binding)
    {
        var method = function.Method;
        var args = Expression.Parameter(typeof(IReadOnlyDictionary<string, object?>), "args");
        var argument = Expression.Parameter(typeof(object), "argument");
        var context = Expression.Parameter(typeof(RequestContext), "context");

        var arguments = new List<Expression>();
        var services = new List<ParameterInfo>();
        var argumentBound = false;
        var needsRequest = false;
        foreach (var parameter in method.GetParameters())
        {
            arguments.Add(BindParameter(parameter, args, argument, context, binding, services, ref argumentBound, ref needsRequest));
        }

        Expression call = Expression.Invoke(Expression.Constant(function), arguments);
        var body = WrapResult(call, method.ReturnType);
        var lambda = Expression.Lambda<Func<IReadOnlyDictionary<string, object?>, object?, RequestContext?, ValueTask<object?>>>(body, args, argument, context);
        return new ViewFunction(lambda.Compile(), [.. services], binding, needsRequest);
    }

    /// <summary>Whether a method returning <paramref name="returnType"/> gives a <paramref name="resultType"/>, awaited or not.</summary>
    private static bool Returns(Type returnType, Type resultType)
    {
        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            returnType = returnType.GetGenericArguments()[0];
        return resultType.IsAssignableFrom(returnType);
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
            return $"{_binding.Description} has a parameter '{parameter.Name}' of type {type} that is neither {_binding.OtherSources}a Request, ISession, G, App " +
                $"or CancellationToken, nor a registered service. Register it (app.ConfigureServices(services => services.AddScoped<{type}>())), " +
                $"{_binding.Fix}.";
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
        ParameterInfo parameter, ParameterExpression args, ParameterExpression argument, ParameterExpression context,
        Binding binding, List<ParameterInfo> services, ref bool argumentBound, ref bool needsRequest)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name ?? "";
        if (binding.Rule is { } rule)
        {
            var index = IndexOf(rule.Arguments, name);
            if (index >= 0)
            {
                CheckVariableType(rule.ConverterAt(index), parameter, rule.Pattern, binding.Name);
                return Expression.Call(ConvertArgumentMethod.MakeGenericMethod(type), args, Expression.Constant(name));
            }
            // A rule default (Werkzeug's defaults=) reaches the view as a URL variable would.
            if (rule.Defaults?.ContainsKey(name) == true)
                return Expression.Call(ConvertArgumentMethod.MakeGenericMethod(type), args, Expression.Constant(name));
        }
        if (binding.ArgumentType is { } argumentType && !argumentBound)
        {
            if (type.IsAssignableFrom(argumentType))
            {
                argumentBound = true;
                return Expression.Convert(argument, type);
            }
            // An error handler for NotFound taking a BadRequest: no error it is handed could be passed.
            if (typeof(Exception).IsAssignableFrom(argumentType) && typeof(Exception).IsAssignableFrom(type))
                throw new ArgumentException(
                    $"{binding.Description} takes '{name}' as {TypeName(type)}, but it is handed a {TypeName(argumentType)}. " +
                    $"Take a {TypeName(argumentType)}, or register the handler for {TypeName(type)}.", name);
        }
        if (type != typeof(App) && type != typeof(G)) needsRequest = true;
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
        if (type.IsValueType && binding.Rule is { } viewRule)
            throw new ArgumentException(
                $"The view '{binding.Name}' has a parameter '{name}' of type {TypeName(type)} that is not a variable of the rule '{viewRule.Pattern}' " +
                $"(variables: {(viewRule.Arguments.Count == 0 ? "none" : string.Join(", ", viewRule.Arguments))}). Name it after a variable, add <{name}> to the rule, or give it a default value.",
                name);
        if (type.IsValueType)
            throw new ArgumentException(
                $"{binding.Description} has a parameter '{name}' of type {TypeName(type)} that is neither {binding.OtherSources}a CancellationToken, " +
                "nor a service (a service is a class or an interface). Remove it, or give it a default value.", name);

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

    /// <summary>
    /// What a function's parameters can bind to besides the known types and services, and how messages name it: a
    /// view's rule, or the type of the value a hook is handed.
    /// </summary>
    private sealed record Binding(string Name, string Description, Rule? Rule, Type? ArgumentType, string OtherSources, string Fix);
}
