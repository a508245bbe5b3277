namespace MicroFlask.Routing;

/// <summary>
/// No rule could build a URL for the endpoint with the given values and method, like Werkzeug's
/// <c>BuildError</c>. The message names the endpoint and says what was missing or rejected.
/// </summary>
public sealed class BuildException : Exception
{
    /// <summary>Creates the exception; <paramref name="reason"/> explains why no rule fitted.</summary>
    public BuildException(string endpoint, IReadOnlyDictionary<string, object?> values, string? method, string reason)
        : base($"Could not build a URL for endpoint '{endpoint}'{(method is null ? "" : $" with method '{method}'")}. {reason}")
    {
        Endpoint = endpoint;
        Values = values;
        Method = method;
    }

    /// <summary>The endpoint that was asked for.</summary>
    public string Endpoint { get; }

    /// <summary>The values that were offered.</summary>
    public IReadOnlyDictionary<string, object?> Values { get; }

    /// <summary>The method that was asked for, if any.</summary>
    public string? Method { get; }
}
