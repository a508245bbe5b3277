using BenchmarkDotNet.Attributes;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;

namespace MicroFlask.Micro;

/// <summary>itsdangerous' Signer and Flask's tagged JSON, the two halves of a cookie session's payload.</summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly Signer _signer = new("bench-secret-key");
    private string _signed = "";
    private string _json = "";

    // A session as a login page leaves it: five keys of the kinds the tagged JSON has to handle.
    internal static Dictionary<string, object?> FiveKeySession() => new()
    {
        ["user_id"] = 42L,
        ["name"] = "alice",
        ["csrf_token"] = "5f0c8a3e9b7d4c21a6e0f3b8d2c1e9a7",
        ["cart"] = new List<object?> { 1L, 2L, 3L },
        ["_fresh"] = true,
    };

    private readonly Dictionary<string, object?> _session = FiveKeySession();

    [GlobalSetup]
    public void Setup()
    {
        _signed = _signer.Sign("user:42");
        _json = TaggedJsonSerializer.Default.Dumps(_session);
    }

    [Benchmark]
    public string SignerSign() => _signer.Sign("user:42");

    [Benchmark]
    public string SignerUnsign() => _signer.Unsign(_signed);

    [Benchmark]
    public string TaggedJsonDumps() => TaggedJsonSerializer.Default.Dumps(_session);

    [Benchmark]
    public object? TaggedJsonLoads() => TaggedJsonSerializer.Default.Loads(_json);
}
