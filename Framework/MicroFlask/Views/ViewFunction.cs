using System.Linq.Expressions;
using System.Reflection;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Sessions;

namespace MicroFlask.Views;

/// <summary>
/// A view compiled once, at registration, into a call that takes the URL variables: parameters bind by name to
/// the rule's variables (or by type to Request, ISession, G, App, CancellationToken), and Task / ValueTask results
/// are awaited. No reflection per request.
/// </summary>
internal sealed class ViewFunction
{
    private static readonly MethodInfo ConvertArgumentMethod = typeof(ViewFunction).GetMethod(nameof(ConvertArgument), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly Func<IReadOnlyDictionary<string, object?>, RequestContext, ValueTask<object?>> _invoke;

    private ViewFunction(string name, Func<IReadOnlyDictionary<string, object?>, RequestContext, ValueTask<object?>> invoke)
    {
        Name = name;
        _invoke = invoke;
    }

    /// <summary>The method name, for messages.</summary>
    internal string Name { get; }

    internal ValueTask<object?> InvokeAsync(IReadOnlyDictionary<string, object?> viewArgs, RequestContext context) =>
        _invoke(viewArgs, context);

    /// <summary>
    /// Compiles <paramref name="view"/> for a rule with <paramref name="variables"/>. A parameter that is neither a
    /// variable nor a known service type is an error now, not at the first request.
    /// </summary>
    internal static ViewFunction Create(Delegate view, IReadOnlyCollection<string> variables, string rulePattern)
    {
        ArgumentNullException.ThrowIfNull(view);
        var method = view.Method;
        var args = Expression.Parameter(typeof(IReadOnlyDictionary<string, object?>), "args");
        var context = Expression.Parameter(typeof(RequestContext), "context");

        var arguments = new List<Expression>();
        foreach (var parameter in method.GetParameters())
        {
            arguments.Add(BindParameter(parameter, args, context, variables, rulePattern, method));
        }

        Expression call = Expression.Invoke(Expression.Constant(view), arguments);
        var body = WrapResult(call, method.ReturnType);
        var lambda = Expression.Lambda<Func<IReadOnlyDictionary<string, object?>, RequestContext, ValueTask<object?>>>(body, args, context);
        return new ViewFunction(DisplayName(method), lambda.Compile());
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

    private static string DisplayName(MethodInfo method) => EndpointName(method) ?? method.Name;

    private static Expression BindParameter(
        ParameterInfo parameter, ParameterExpression args, ParameterExpression context,
        IReadOnlyCollection<string> variables, string rulePattern, MethodInfo method)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name ?? "";
        if (variables.Contains(name))
        {
            return Expression.Call(ConvertArgumentMethod.MakeGenericMethod(type), args, Expression.Constant(name));
        }
        if (type == typeof(Request)) return Expression.Property(context, nameof(RequestContext.Request));
        if (type == typeof(ISession)) return Expression.Property(context, nameof(RequestContext.Session));
        if (type == typeof(App)) return Expression.Property(context, nameof(RequestContext.App));
        if (type == typeof(G)) return Expression.Property(null, typeof(G), nameof(G.Current));
        if (type == typeof(CancellationToken))
            return Expression.Property(Expression.Property(context, nameof(RequestContext.Request)), nameof(Request.Aborted));
        if (parameter.HasDefaultValue) return Expression.Constant(parameter.DefaultValue, type);

        throw new ArgumentException(
            $"The view {method.Name} has a parameter '{name}' that is not a variable of the rule '{rulePattern}' " +
            $"(variables: {(variables.Count == 0 ? "none" : string.Join(", ", variables))}) and not a Request, ISession, G, App or CancellationToken.");
    }

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
