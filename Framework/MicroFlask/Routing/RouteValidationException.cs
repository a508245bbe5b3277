namespace MicroFlask.Routing;

/// <summary>
/// Thrown by a <see cref="RouteConverter"/> when a value does not fit it. While matching, the rule is
/// skipped and the next one is tried; while building, the rule cannot build that value.
/// </summary>
public sealed class RouteValidationException : Exception
{
    /// <summary>Creates the exception with an optional reason.</summary>
    public RouteValidationException(string? message = null, Exception? inner = null)
        : base(message ?? "The value does not fit the converter.", inner)
    {
    }
}
