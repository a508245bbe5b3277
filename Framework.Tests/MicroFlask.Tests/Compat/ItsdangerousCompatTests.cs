using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroFlask.Signing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Compat;

/// <summary>
/// Tokens of <see cref="UrlSafeTimedSerializer"/> against real itsdangerous (itsdangerous_tokens.py): each side opens
/// the other's, byte for byte the same for the same clock, for each digest, with fallback signers and loads_unsafe.
/// </summary>
[External]
public class ItsdangerousCompatTests
{
    private const long Now = 1_700_000_000;
    private static readonly JsonObject Value = new() { ["user"] = "ann", ["n"] = 3, ["é"] = true };

    [OneTimeSetUp]
    public Task RequireItsdangerous() => FlaskHarness.RequireFlaskAsync();

    private static UrlSafeTimedSerializer Create(string digest, params string[] fallbacks) =>
        new("secret", "salt", signerOptions: new SignerOptions { Digest = new HashAlgorithmName(digest.ToUpperInvariant()) },
            timeProvider: new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)))
        {
            FallbackSigners = [.. fallbacks.Select(name => new SignerOptions { Digest = new HashAlgorithmName(name.ToUpperInvariant()) })],
        };

    private static JsonObject Request(string op, string digest, params string[] fallbacks) => new()
    {
        ["op"] = op,
        ["secret"] = "secret",
        ["salt"] = "salt",
        ["digest"] = digest,
        ["now"] = Now,
        ["fallbacks"] = new JsonArray([.. fallbacks.Select(f => (JsonNode)f)]),
    };

    [TestCase("sha1")]
    [TestCase("sha256")]
    [TestCase("sha512")]
    [TestCase("md5")]
    public async Task Dumps_SameAsItsdangerousAndEachOpensTheOthers(string digest)
    {
        var ours = Create(digest).Dumps(Value);
        var dumps = Request("dumps", digest);
        dumps["value"] = Value.DeepClone();
        var loads = Request("loads_unsafe", digest);
        loads["token"] = ours;

        var responses = await FlaskHarness.RunAsync([dumps, loads], "itsdangerous_tokens.py");

        var theirs = responses[0]["token"]!.GetValue<string>();
        theirs.ShouldBe(ours);
        ((JsonNode)Create(digest).Loads(theirs)!).ToJsonString().ShouldBe(Value.ToJsonString());
        (responses[1]["valid"]!.GetValue<bool>(), responses[1]["payload"]!.ToJsonString()).ShouldBe((true, Value.ToJsonString()));
    }

    [Test]
    public async Task FallbackSigners_EachSideOpensTheOthersOldDigest()
    {
        var ourSha512 = Create("sha512").Dumps(Value);
        var theirSha256 = Request("dumps", "sha256");
        theirSha256["value"] = Value.DeepClone();
        var theyOpenOurs = Request("loads_unsafe", "sha1", "sha256", "sha512");
        theyOpenOurs["token"] = ourSha512;

        var responses = await FlaskHarness.RunAsync([theirSha256, theyOpenOurs], "itsdangerous_tokens.py");

        responses[1]["valid"]!.GetValue<bool>().ShouldBeTrue();
        var token = responses[0]["token"]!.GetValue<string>();
        ((JsonNode)Create("sha1", "sha512", "sha256").Loads(token)!).ToJsonString().ShouldBe(Value.ToJsonString());
    }

    [Test]
    public async Task LoadsUnsafe_TamperedToken_BothSidesAnswerFalseWithTheClaimedPayload()
    {
        var tampered = Create("sha256").Dumps(Value)[..^2] + "xx";
        var loads = Request("loads_unsafe", "sha256");
        loads["token"] = tampered;

        var responses = await FlaskHarness.RunAsync([loads], "itsdangerous_tokens.py");

        var (valid, payload) = Create("sha256").LoadsUnsafe(tampered);
        (valid, ((JsonNode)payload!).ToJsonString()).ShouldBe((responses[0]["valid"]!.GetValue<bool>(), responses[0]["payload"]!.ToJsonString()));
        valid.ShouldBeFalse();
    }
}
