using System.Globalization;
using MicroFlask.Sessions;
using MicroFlask.Testing;

namespace MicroFlask.Tests.Sessions;

/// <summary>ISession.Increment and Decrement on the session itself, and on the signed cookie session (read-modify-write of its own cookie).</summary>
public class SessionIncrementTests
{
    [Test]
    public void Increment_MissingKey_StartsAtZero()
    {
        var session = new SecureCookieSession();

        (session.Increment("hits"), session["hits"]).ShouldBe((1L, (object?)1L));
    }

    [Test]
    public void Increment_ByADelta_AddsIt()
    {
        ISession session = new SecureCookieSession([KeyValuePair.Create<string, object?>("hits", 40L)]);

        session.Increment("hits", 2).ShouldBe(42);
    }

    [Test]
    public void Increment_IntValue_CountsAsAnInteger()
    {
        ISession session = new SecureCookieSession([KeyValuePair.Create<string, object?>("hits", 5)]);

        session.Increment("hits").ShouldBe(6);
    }

    [Test]
    public void Decrement_SubtractsTheDelta()
    {
        ISession session = new SecureCookieSession([KeyValuePair.Create<string, object?>("stock", 10L)]);

        session.Decrement("stock", 4).ShouldBe(6);
    }

    [Test]
    public void Decrement_ByLongMinValue_Throws()
    {
        ISession session = new SecureCookieSession();

        Should.Throw<ArgumentOutOfRangeException>(() => session.Decrement("stock", long.MinValue));
    }

    [Test]
    public void Increment_MarksTheSessionModified()
    {
        var session = new SecureCookieSession();

        session.Increment("hits");

        (session.Modified, session.Accessed).ShouldBe((true, true));
    }

    [TestCase("many", "String")]
    [TestCase(1.5, "Double")]
    [TestCase(true, "Boolean")]
    public void Increment_NonIntegerValue_ThrowsNamingTheKeyAndTheType(object value, string type)
    {
        var session = new SecureCookieSession([KeyValuePair.Create<string, object?>("hits", value)]);

        var error = Should.Throw<InvalidOperationException>(() => session.Increment("hits"));

        (error.Message.Contains("'hits'", StringComparison.Ordinal), error.Message.Contains(type, StringComparison.Ordinal), session["hits"]).ShouldBe((true, true, value));
    }

    [Test]
    public void Increment_PastLongMaxValue_ThrowsAndKeepsTheValue()
    {
        var session = new SecureCookieSession([KeyValuePair.Create<string, object?>("hits", long.MaxValue)]);

        Should.Throw<InvalidOperationException>(() => session.Increment("hits")).Message.ShouldContain("overflows");
        session["hits"].ShouldBe(long.MaxValue);
    }

    [Test]
    public void Increment_NullSession_ThrowsTheSecretKeyMessage()
    {
        Should.Throw<InvalidOperationException>(() => new NullSession().Increment("hits")).Message.ShouldContain("SECRET_KEY");
    }

    [Test]
    public async Task Increment_CookieSession_CountsAcrossRequests()
    {
        var app = new App("increment-tests") { SecretKey = "increment-tests-secret" };
        app.Route("/hit", () => Session.Current.Increment("hits").ToString(CultureInfo.InvariantCulture));
        var client = app.TestClient();
        await client.GetAsync("/hit");

        (await client.GetAsync("/hit")).Text.ShouldBe("2");
    }
}
