using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

/// <summary>One-line map setup for routing tests.</summary>
internal static class TestMaps
{
    /// <summary>A map with one GET rule per pattern; the endpoint is the pattern itself.</summary>
    public static Map With(params string[] patterns)
    {
        var map = new Map();
        foreach (var pattern in patterns)
        {
            map.Add(pattern, pattern);
        }

        return map;
    }

    /// <summary>The endpoint that <paramref name="path"/> reaches with GET.</summary>
    public static string EndpointFor(this Map map, string path, string method = "GET") => map.Match(path, method).Rule.Endpoint;

    /// <summary>The single converted argument of the match.</summary>
    public static object? OnlyArgument(this Map map, string path) => map.Match(path, "GET").Arguments.Values.Single();

    public static Dictionary<string, object?> Values(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Key, pair => pair.Value);
}
