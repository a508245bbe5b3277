using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Hosting;

/// <summary>
/// Writes a <see cref="Response"/> back through a server's response features, by one rule for both hosting modes.
/// Mounted in ASP.NET Core, the features are the ones the host's middleware installed (compression wraps the body
/// feature), so they are read at write time.
/// </summary>
internal static class FeatureResponseWriter
{
    /// <summary>Sets the status and headers (several Set-Cookie stay several) and writes the body or streams it.</summary>
    public static async Task WriteAsync(IFeatureCollection features, Response response, CancellationToken cancellationToken)
    {
        var target = features.GetRequiredFeature<IHttpResponseFeature>();
        var body = features.GetRequiredFeature<IHttpResponseBodyFeature>();
        target.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            // A header the host's middleware set already (CORS, a correlation id) is kept alongside the app's.
            if (target.Headers.TryGetValue(name, out var existing)) target.Headers[name] = StringValues.Concat(existing, value);
            else target.Headers[name] = value;
        }
        if (response.StreamBody is { } stream)
        {
            await stream(body.Stream, cancellationToken);
            return;
        }
        if (!target.Headers.ContainsKey("Content-Length")) target.Headers.ContentLength = response.Body.Length;
        if (response.Body.Length > 0) await body.Writer.WriteAsync(response.Body, cancellationToken);
    }
}
