using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroFlask.Http;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Signing;

/// <summary>Properties of the session cookie: Flask's signing settings over Flask's tagged JSON.</summary>
public class SessionCookiePropertyTests
{
    private static readonly FakeTimeProvider Time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static readonly UrlSafeTimedSerializer Cookies = new(
        [Encoding.UTF8.GetBytes("old key"), Encoding.UTF8.GetBytes("current key")],
        "cookie-session",
        TaggedJsonSerializer.Default,
        new SignerOptions { KeyDerivation = KeyDerivation.Hmac },
        Time);

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(31);

    [FsCheck.NUnit.Property(Arbitrary = new[] { typeof(SessionArbitraries) }, MaxTest = 300)]
    public bool Dumps_AnySession_LoadsToEqualSession(Session session) =>
        Cookies.TryLoads(Cookies.Dumps(session.Values), Lifetime, out var loaded) && JsonValueEquality.Equals(loaded, session.Values);

    [FsCheck.NUnit.Property(Arbitrary = new[] { typeof(SessionArbitraries) }, MaxTest = 300)]
    public bool TryLoads_CookieWithOneCharacterChanged_IsRefused(Session session, PositiveInt position, char replacement)
    {
        var cookie = Cookies.Dumps(session.Values);
        var index = position.Get % cookie.Length;
        if (cookie[index] == replacement)
        {
            return true;
        }

        var altered = string.Concat(cookie.AsSpan(0, index), [replacement], cookie.AsSpan(index + 1));
        return !Cookies.TryLoads(altered, Lifetime, out _);
    }

    [Test]
    public void TryLoads_EverySingleCharacterChangeOfACookie_IsRefused()
    {
        // Exhaustive over one compressed and one plain cookie: every position, every cookie-safe replacement.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
        string[] cookies =
        [
            Cookies.Dumps(new Dictionary<string, object?> { ["user"] = "bob", ["n"] = 1 }),
            Cookies.Dumps(new Dictionary<string, object?> { ["text"] = new string('x', 500) }),
        ];
        var accepted = new List<string>();
        foreach (var cookie in cookies)
        {
            for (var i = 0; i < cookie.Length; i++)
            {
                foreach (var c in alphabet.Where(c => c != cookie[i]))
                {
                    var altered = string.Concat(cookie.AsSpan(0, i), [c], cookie.AsSpan(i + 1));
                    if (Cookies.TryLoads(altered, Lifetime, out _))
                    {
                        accepted.Add(altered);
                    }
                }
            }
        }

        accepted.ShouldBeEmpty();
    }

    /// <summary>A session as a test case, printed as its JSON when a property fails.</summary>
    public sealed record Session(Dictionary<string, object?> Values)
    {
        public override string ToString() => TaggedJsonSerializer.Default.Dumps(Values);
    }

    public static class SessionArbitraries
    {
        public static Arbitrary<Session> Sessions() =>
            Gen.Sized(size => DictionaryOf(Math.Min(size, 20) / 4)).Select(values => new Session(values)).ToArbitrary();

        private static Gen<string> Text() =>
            ArbMap.Default.GeneratorFor<string>()

                // Lone surrogates are not text: System.Text.Json will not read them back.
                .Select(s => new string((s ?? "").Select(c => char.IsSurrogate(c) ? '\uFFFD' : c).ToArray()));

        private static Gen<object?> Leaf() => Gen.OneOf(
            Gen.Constant<object?>(null),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (object?)b),
            ArbMap.Default.GeneratorFor<long>().Select(l => (object?)l),
            ArbMap.Default.GeneratorFor<long>().Select(l => (object?)(new BigInteger(l) * ulong.MaxValue)),
            ArbMap.Default.GeneratorFor<NormalFloat>().Select(d => (object?)d.Get),
            Text().Select(s => (object?)s),
            Text().Select(s => (object?)new Markup(s)),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (object?)(b ?? [])),
            ArbMap.Default.GeneratorFor<Guid>().Select(g => (object?)g),
            Gen.Choose(-30_000_000, 200_000_000).Select(s => (object?)DateTimeOffset.FromUnixTimeSeconds(s * 300L)));

        private static Gen<object?> Value(int depth) => depth <= 0
            ? Leaf()
            : Gen.OneOf(
                Leaf(),
                Leaf(),
                Gen.ListOf(Value(depth - 1)).Select(items => (object?)items.ToList()),
                Gen.ListOf(Value(depth - 1)).Select(items => (object?)new JsonTuple(items)),
                DictionaryOf(depth - 1).Select(d => (object?)d),
                Value(depth - 1).Select(v => (object?)new Dictionary<string, object?> { [" t"] = v }));

        private static Gen<Dictionary<string, object?>> DictionaryOf(int depth) =>
            Gen.ListOf(Text().Zip(Value(depth)))
                .Select(pairs =>
                {
                    var dictionary = new Dictionary<string, object?>();
                    foreach (var (key, value) in pairs)
                    {
                        dictionary[key] = value;
                    }

                    return dictionary;
                });
    }
}
