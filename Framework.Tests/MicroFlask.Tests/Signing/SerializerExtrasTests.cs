using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroFlask.Signing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Signing;

/// <summary>
/// itsdangerous' serializer cases (tests/test_itsdangerous/test_serializer.py, test_timed.py): digests, per-call salt,
/// <c>loads_unsafe</c> and fallback signers, on <see cref="UrlSafeTimedSerializer"/> with its plain JSON.
/// </summary>
public class SerializerExtrasTests
{
    private static readonly JsonObject Value = new() { ["id"] = 42 };

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private UrlSafeTimedSerializer Create(HashAlgorithmName? digest = null, params SignerOptions[] fallbacks) =>
        new("secret_key", signerOptions: new SignerOptions { Digest = digest ?? HashAlgorithmName.SHA1 }, timeProvider: _time)
        {
            FallbackSigners = fallbacks,
        };

    private static string Json(object? loaded) => loaded is JsonNode node ? node.ToJsonString() : "null";

    [TestCase(null)]
    [TestCase(true)]
    [TestCase("str")]
    [TestCase(new[] { 1, 2, 3 })]
    public void Loads_WhatDumpsMade_RoundTrips(object? value) =>
        Json(Create().Loads(Create().Dumps(value))).ShouldBe(System.Text.Json.JsonSerializer.Serialize(value));

    // itsdangerous' test_digests, on the bare Signer its Serializer uses: "[42]" signed with "dev key" and "dev salt".
    [Test]
    public void Sign_Sha1_IsItsdangerousDefaultDigest() =>
        new Signer("dev key", new SignerOptions { Salt = "dev salt" }).Sign("[42]").ShouldBe("[42].-9cNi0CxsSB3hZPNCe9a2eEs1ZM");

    [Test]
    public void Sign_Sha512_MatchesItsdangerous() =>
        new Signer("dev key", new SignerOptions { Salt = "dev salt", Digest = HashAlgorithmName.SHA512 }).Sign("[42]")
            .ShouldBe("[42].MKCz_0nXQqv7wKpfHZcRtJRmpT2T5uvs9YQsJEhJimqxc9bCLxG31QzS5uC8OVBI1i6jyOLAFNoKaF5ckO9L5Q");

    // Made with itsdangerous 2.2: URLSafeTimedSerializer("k", salt="s", signer_kwargs={"digest_method": hashlib.md5}) at 1700000000.
    [Test]
    public void Dumps_Md5_MatchesItsdangerous() =>
        new UrlSafeTimedSerializer("k", "s", signerOptions: new SignerOptions { Digest = HashAlgorithmName.MD5 }, timeProvider: _time)
            .Dumps(new[] { 42 }).ShouldBe("WzQyXQ.ZVPxAA.FVk1hanRFQyHSpJjUWfKXQ");

    [TestCase("upper")]
    [TestCase("append")]
    [TestCase("replace first")]
    [TestCase("drop dots")]
    public void Loads_ChangedValue_IsABadSignature(string change)
    {
        var signed = Create().Dumps(Value);
        var changed = change switch
        {
            "upper" => signed.ToUpperInvariant(),
            "append" => signed + "a",
            "replace first" => "a" + signed[1..],
            _ => signed.Replace(".", ""),
        };

        Should.Throw<BadSignatureException>(() => Create().Loads(changed));
    }

    [Test]
    public void Loads_BadSignature_CarriesThePayload()
    {
        var badSigned = Create().Dumps(Value)[..^1];

        var error = Should.Throw<BadSignatureException>(() => Create().Loads(badSigned));

        Json(Create().LoadsUnsafe(System.Text.Encoding.UTF8.GetString(error.Payload!) + ".x.x").Payload).ShouldBe(Value.ToJsonString());
    }

    [Test]
    public void LoadsUnsafe_Valid_IsTrueWithTheValue()
    {
        var (valid, payload) = Create().LoadsUnsafe(Create().Dumps(Value));

        (valid, Json(payload)).ShouldBe((true, Value.ToJsonString()));
    }

    [Test]
    public void LoadsUnsafe_BadSignature_IsFalseWithWhatItClaims()
    {
        var (valid, payload) = Create().LoadsUnsafe(Create().Dumps(Value)[..^1]);

        (valid, Json(payload)).ShouldBe((false, Value.ToJsonString()));
    }

    [Test]
    public void LoadsUnsafe_BadSignatureAndUnreadablePayload_IsFalseWithNull()
    {
        var signed = Create().Dumps(Value);
        var payload = signed[..signed.IndexOf('.')];
        var badPayload = Create().Signer.Sign(payload[..^1])[..^1];

        Create().LoadsUnsafe(badPayload).ShouldBe((false, (object?)null));
    }

    [Test]
    public void LoadsUnsafe_GoodSignatureOnAnUnreadablePayload_StillThrows()
    {
        var signed = Create().Dumps(Value);
        var badPayload = Create().Signer.Sign(signed[..(signed.IndexOf('.') - 1)]);

        Should.Throw<BadPayloadException>(() => Create().LoadsUnsafe(badPayload));
    }

    [Test]
    public void LoadsUnsafe_Expired_IsFalseWithThePayload()
    {
        var signed = Create().Dumps(Value);
        _time.Advance(TimeSpan.FromSeconds(11));

        var (valid, payload) = Create().LoadsUnsafe(signed, maxAge: TimeSpan.FromSeconds(10));

        (valid, Json(payload)).ShouldBe((false, Value.ToJsonString()));
    }

    [Test]
    public void LoadsUnsafe_NoSeparator_IsFalseWithNull() =>
        Create().LoadsUnsafe("nothing-signed-here").ShouldBe((false, (object?)null));

    [Test]
    public void Dumps_OtherSalt_LoadsOnlyWithThatSalt()
    {
        var signed = Create().Dumps(Value, salt: "other");

        Should.Throw<BadSignatureException>(() => Create().Loads(signed));
        Json(Create().Loads(signed, maxAge: null, salt: "other")).ShouldBe(Value.ToJsonString());
    }

    [Test]
    public void LoadsUnsafe_OtherSalt_IsValidWithThatSalt() =>
        Create().LoadsUnsafe(Create().Dumps(Value, "other"), salt: "other").Valid.ShouldBeTrue();

    [Test]
    public void Loads_FallbackSignerHasTheDigestItWasSignedWith_ReadsIt()
    {
        var signed = Create(HashAlgorithmName.SHA256).Dumps(Value);

        var fallback = Create(HashAlgorithmName.SHA1, new SignerOptions { Digest = HashAlgorithmName.SHA256 });

        Json(fallback.Loads(signed)).ShouldBe(Value.ToJsonString());
    }

    [Test]
    public void Dumps_WithFallbacks_SignsWithTheMainSigner() =>
        Create(HashAlgorithmName.SHA1, new SignerOptions { Digest = HashAlgorithmName.SHA256 }).Dumps(Value).ShouldBe(Create().Dumps(Value));

    [Test]
    public void Loads_FallbackSignerWithOtherSalt_UsesTheSerializersSalt()
    {
        var signed = Create(HashAlgorithmName.SHA256).Dumps(Value);

        var fallback = Create(HashAlgorithmName.SHA1, new SignerOptions { Digest = HashAlgorithmName.SHA256, Salt = "ignored" });

        Json(fallback.Loads(signed)).ShouldBe(Value.ToJsonString());
    }

    [Test]
    public void Loads_NoSignerMatches_ThrowsTheLastSignersError()
    {
        var signed = Create(HashAlgorithmName.SHA512).Dumps(Value);

        var fallback = Create(HashAlgorithmName.SHA1, new SignerOptions { Digest = HashAlgorithmName.SHA256 });

        Should.Throw<BadTimeSignatureException>(() => fallback.Loads(signed)).Message.ShouldBe("Signature does not match.");
    }

    [Test]
    public void Loads_ExpiredUnderTheMainSigner_DoesNotTryTheFallbacks()
    {
        var signed = Create().Dumps(Value);
        _time.Advance(TimeSpan.FromSeconds(11));
        // A fallback with the same settings would accept the signature; expiry still wins, as in itsdangerous.
        var fallback = Create(HashAlgorithmName.SHA1, new SignerOptions());

        Should.Throw<SignatureExpiredException>(() => fallback.Loads(signed, TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void TryLoads_FallbackSigner_ReadsIt()
    {
        var signed = Create(HashAlgorithmName.SHA256).Dumps(Value);

        Create(HashAlgorithmName.SHA1, new SignerOptions { Digest = HashAlgorithmName.SHA256 }).TryLoads(signed, null, out var value).ShouldBeTrue();
        Json(value).ShouldBe(Value.ToJsonString());
    }

    [Test]
    public void Signer_UnknownDigest_NamesTheChoices() =>
        Should.Throw<ArgumentException>(() => new Signer("k", new SignerOptions { Digest = new HashAlgorithmName("WHIRLPOOL") }))
            .Message.ShouldContain("use SHA1, SHA256, SHA384, SHA512, MD5");
}
