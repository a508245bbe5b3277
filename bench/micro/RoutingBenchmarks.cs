using BenchmarkDotNet.Attributes;
using MicroFlask.Routing;

namespace MicroFlask.Micro;

/// <summary>Matching on a 50-route map, half static and half with a converter, as a mid-sized app has.</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly Map _map = new();

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 25; i++)
        {
            _map.Add($"/section{i}/about", $"about{i}");
            _map.Add($"/section{i}/items/<int:id>", $"item{i}");
        }
    }

    // The last rules added: no early exit helps them.
    [Benchmark]
    public RouteMatch MatchStatic() => _map.Match("/section24/about", "GET");

    [Benchmark]
    public RouteMatch MatchDynamic() => _map.Match("/section24/items/1234", "GET");
}
