using System.Buffers;
using System.Text;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Signing;

// Expected values were made with itsdangerous 2.2 and Flask's session settings (salt "cookie-session",
// key derivation "hmac", SHA-1) at get_timestamp() == 1700000000.
public class UrlSafeTimedSerializerTests
{
    private const string SmallCookie = "eyJhIjpbMSwyLDNdfQ.ZVPxAA.4-68H8N0S8di0RO0LGwP6hJ8v4Y";
    private const string CompressedCookie = ".eJyrVkpUslKqoANQqgUAPCcw_A.ZVPxAA.TcucQAONBgE-u0siv5RtkIajoWk";

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private UrlSafeTimedSerializer Create(params string[] keys) =>
        new(keys.Select(Encoding.UTF8.GetBytes), "cookie-session", TaggedJsonSerializer.Default, new SignerOptions { KeyDerivation = KeyDerivation.Hmac }, _time);

    [Test]
    public void Dumps_SmallValue_MatchesItsdangerous() =>
        Create("secret").Dumps(new Dictionary<string, object?> { ["a"] = new List<object?> { 1, 2, 3 } }).ShouldBe(SmallCookie);

    [Test]
    public void Loads_SmallValue_ReadsIt() =>
        JsonValueEquality.Equals(Create("secret").Loads(SmallCookie), new Dictionary<string, object?> { ["a"] = new List<object?> { 1L, 2L, 3L } })
            .ShouldBeTrue();

    [Test]
    public void Loads_CompressedByItsdangerous_ReadsIt() =>
        JsonValueEquality.Equals(Create("secret").Loads(CompressedCookie), new Dictionary<string, object?> { ["a"] = new string('x', 100) })
            .ShouldBeTrue();

    [Test]
    public void Dumps_RepetitiveValue_IsCompressed() =>
        Create("secret").Dumps(new Dictionary<string, object?> { ["a"] = new string('x', 100) }).ShouldStartWith(".");

    [Test]
    public void Dumps_CompressedValue_RoundTrips()
    {
        var serializer = Create("secret");

        serializer.Loads(serializer.Dumps(new string('x', 1000))).ShouldBe(new string('x', 1000));
    }

    [Test]
    public void Dumps_SmallValue_IsNotCompressed() => Create("secret").Dumps("ab").ShouldNotStartWith(".");

    [Test]
    public void Dumps_LargeValue_RoundTrips()
    {
        var serializer = Create("secret");
        var value = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i * 7919 % 26))));

        serializer.Loads(serializer.Dumps(value)).ShouldBe(value);
    }

    [Test]
    public void Loads_WithinMaxAge_ReadsIt()
    {
        _time.Advance(TimeSpan.FromDays(31));

        Create("secret").Loads(SmallCookie, TimeSpan.FromDays(31)).ShouldNotBeNull();
    }

    [Test]
    public void Loads_OlderThanMaxAge_ThrowsExpired()
    {
        _time.Advance(TimeSpan.FromDays(31) + TimeSpan.FromSeconds(1));

        Should.Throw<SignatureExpiredException>(() => Create("secret").Loads(SmallCookie, TimeSpan.FromDays(31)));
    }

    [Test]
    public void TryLoads_OlderThanMaxAge_False()
    {
        _time.Advance(TimeSpan.FromDays(32));

        Create("secret").TryLoads(SmallCookie, TimeSpan.FromDays(31), out _).ShouldBeFalse();
    }

    [Test]
    public void Loads_OtherKey_ThrowsBadSignature() =>
        Should.Throw<BadSignatureException>(() => Create("other").Loads(SmallCookie));

    [Test]
    public void Loads_OtherSalt_ThrowsBadSignature() =>
        Should.Throw<BadSignatureException>(() => new UrlSafeTimedSerializer("secret", timeProvider: _time).Loads(SmallCookie));

    [Test]
    public void Loads_OlderKeyInList_ReadsIt() => Create("secret", "newer").Loads(SmallCookie).ShouldNotBeNull();

    [Test]
    public void Dumps_SeveralKeys_SignsWithLast() =>
        Create("secret").Loads(Create("older", "secret").Dumps("x")).ShouldBe("x");

    [TestCase("")]
    [TestCase(null)]
    [TestCase("garbage")]
    [TestCase("eyJhIjpbMSwyLDNdfQ.ZVPxAA")]
    [TestCase("eyJhIjpbMSwyLDNdfQ.ZVPxAA.4-68H8N0S8di0RO0LGwP6hJ8v4")]
    [TestCase("eyJhIjpbMSwyLDNdfR.ZVPxAA.4-68H8N0S8di0RO0LGwP6hJ8v4Y")]
    public void TryLoads_BadInput_False(string? cookie) => Create("secret").TryLoads(cookie, null, out _).ShouldBeFalse();

    [Test]
    public void TryLoads_GoodInput_TrueWithValue()
    {
        Create("secret").TryLoads(SmallCookie, null, out var value).ShouldBeTrue();

        value.ShouldBeOfType<Dictionary<string, object?>>();
    }

    [Test]
    public void Loads_SignedButNotBase64_ThrowsBadPayload()
    {
        var serializer = Create("secret");

        Should.Throw<BadPayloadException>(() => serializer.Loads(serializer.Signer.Sign("@@@")));
    }

    [Test]
    public void Loads_SignedButNotZlib_ThrowsBadPayload()
    {
        var serializer = Create("secret");

        Should.Throw<BadPayloadException>(() => serializer.Loads(serializer.Signer.Sign(".AAAAAAAA")));
    }

    [Test]
    public void Loads_SignedButNotJson_ThrowsBadPayload()
    {
        var serializer = Create("secret");
        var notJson = Convert.ToBase64String("{not json"u8).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Should.Throw<BadPayloadException>(() => serializer.Loads(serializer.Signer.Sign(notJson)));
    }

    [Test]
    public void TryLoads_SignedButNotJson_False()
    {
        var serializer = Create("secret");

        serializer.TryLoads(serializer.Signer.Sign("e25vdA"), null, out _).ShouldBeFalse();
    }

    [Test]
    public void Dumps_CustomSerializer_IsUsedBothWays()
    {
        var serializer = new UrlSafeTimedSerializer("secret", serializer: new ReversingSerializer(), timeProvider: _time);

        serializer.Loads(serializer.Dumps("abc")).ShouldBe("abc");
    }

    [Test]
    public void Dumps_CustomSerializer_WritesItsBytes()
    {
        var serializer = new UrlSafeTimedSerializer("secret", serializer: new ReversingSerializer(), timeProvider: _time);

        serializer.Dumps("abc").ShouldStartWith("Y2Jh.");
    }

    [Test]
    public void Constructor_DefaultSerializer_IsPlainJson() =>
        new UrlSafeTimedSerializer("secret").Serializer.ShouldBeSameAs(JsonPayloadSerializer.Default);

    // itsdangerous.URLSafeTimedSerializer("secret").dumps(value) at time 1700000000: its defaults, plain JSON.
    [TestCase("{\"a\":[1,2,3],\"b\":\"x\"}", "eyJhIjpbMSwyLDNdLCJiIjoieCJ9.ZVPxAA.HWrfHh4ZtFQCeK-u29A2c1tCmNY")]
    [TestCase("{\"name\":\"Zoë\"}", "eyJuYW1lIjoiWm_DqyJ9.ZVPxAA.iwXZq3g1aImTm8hQRUg7MEVLHjI")]
    public void Dumps_DefaultSerializer_MatchesItsdangerousDefaults(string json, string expected) =>
        new UrlSafeTimedSerializer("secret", timeProvider: _time).Dumps(System.Text.Json.Nodes.JsonNode.Parse(json)).ShouldBe(expected);

    [Test]
    public void Loads_DefaultSerializer_GivesJsonNodes()
    {
        var value = new UrlSafeTimedSerializer("secret", timeProvider: _time)
            .Loads("eyJhIjpbMSwyLDNdLCJiIjoieCJ9.ZVPxAA.HWrfHh4ZtFQCeK-u29A2c1tCmNY");

        value.ShouldBeOfType<System.Text.Json.Nodes.JsonObject>()["b"]!.GetValue<string>().ShouldBe("x");
    }

    private sealed class ReversingSerializer : IPayloadSerializer
    {
        public void Serialize(object? value, IBufferWriter<byte> destination)
        {
            var bytes = Encoding.UTF8.GetBytes(new string(((string)value!).Reverse().ToArray()));
            destination.Write(bytes);
        }

        public object? Deserialize(ReadOnlySpan<byte> data) => new string(Encoding.UTF8.GetString(data).Reverse().ToArray());
    }
}
