namespace MicroFlask.Templating.Jinja;

/// <summary>Something a template can call: a macro, <c>caller</c>, <c>super</c>, <c>loop.cycle</c>, a bound method, a global.</summary>
internal interface ICallable
{
    object? Call(TemplateArguments arguments);
}

/// <summary>A C# function with template arguments, as a callable value.</summary>
internal sealed class FunctionCallable(Func<TemplateArguments, object?> function) : ICallable
{
    public object? Call(TemplateArguments arguments) => function(arguments);
}
