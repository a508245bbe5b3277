using BenchmarkDotNet.Attributes;
using MicroFlask.Routing;

namespace MicroFlask.Micro;

/// <summary>
/// How matching grows with the map: the same dynamic rule found in a map of 10 rules and in one of 10,000
/// (issue 14: at most 2x). The rules have distinct first segments, as a large app's blueprints have.
/// </summary>
[MemoryDiagnoser]
public class RoutingScaleBenchmarks
{
    private readonly Map _map = new();
    private string _dynamicPath = "";
    private string _staticPath = "";

    /// <summary>Rules in the map: half static, half with an int converter.</summary>
    [Params(10, 10_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Rules / 2; i++)
        {
            _map.Add($"/area{i}/about", $"about{i}");
            _map.Add($"/area{i}/items/<int:id>", $"item{i}");
        }
        _dynamicPath = $"/area{Rules / 2 - 1}/items/1234";
        _staticPath = $"/area{Rules / 2 - 1}/about";
    }

    // The last rules added: a linear scan would reach them last.
    [Benchmark]
    public RouteMatch MatchDynamic() => _map.Match(_dynamicPath, "GET");

    [Benchmark]
    public RouteMatch MatchStatic() => _map.Match(_staticPath, "GET");
}
