namespace MicroFlask.Templating;

/// <summary>A filter, <c>{{ value|name(arguments) }}</c>: <c>engine.Filters["shout"] = (value, args) =&gt; $"{value}!"</c>.</summary>
public delegate object? TemplateFilter(object? value, TemplateArguments arguments);

/// <summary>A test, <c>{% if value is name(arguments) %}</c>: <c>engine.Tests["short"] = (value, args) =&gt; $"{value}".Length &lt; 5</c>.</summary>
public delegate bool TemplateTest(object? value, TemplateArguments arguments);

/// <summary>A function a template calls, <c>{{ name(arguments) }}</c>, put in <see cref="TemplateEngine.Globals"/>.</summary>
public delegate object? TemplateFunction(TemplateArguments arguments);
