using MicroFlask.Sessions.ServerSide;
using MicroFlask.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

// Users' sessions (SESSION_USER_KEY, UserSessions) on every store: the user is "user", set by /login/USER (which regenerates
// the id) or /set/user/USER; /sessions/USER lists "handle current|other agent" lines, /revoke/USER/HANDLE and
// /revoke-all/USER end sessions.
public abstract partial class SessionStoreContract
{
    /// <summary>An app on the store under test whose sessions record their user under "user", with the listing and revoking views.</summary>
    protected App CreateUserApp(Func<ServerSideSessionOptions, ServerSideSessionOptions>? options = null, Action<App>? configure = null) =>
        CreateApp(o => (options ?? (x => x))(o with { UserKey = "user" }), configure: app =>
        {
            app.Route("/sessions/<user>", async (string user) =>
                string.Join("\n", (await UserSessions.ListAsync(user)).Select(s => $"{s.Handle} {(s.IsCurrent ? "current" : "other")} {s.UserAgent}")));
            app.Route("/revoke/<user>/<handle>", async (string user, string handle) => (await UserSessions.RevokeAsync(user, handle)).ToString());
            app.Route("/revoke-all/<user>", async (string user) => (await UserSessions.RevokeAllAsync(user)).ToString());
            app.Route("/revoke-others/<user>", async (string user) => (await UserSessions.RevokeAllAsync(user, keepCurrent: true)).ToString());
            configure?.Invoke(app);
        });

    /// <summary>A new client of <paramref name="app"/> logged in as <paramref name="user"/>, with its own User-Agent.</summary>
    protected static async Task<TestClient> LoggedInAsync(App app, string user, string agent = "test-agent")
    {
        var client = app.TestClient();
        (await client.GetAsync("/login/" + user, new Dictionary<string, string> { ["User-Agent"] = agent })).StatusCode.ShouldBe(200);
        return client;
    }

    private static async Task<string[]> ListAsync(TestClient client, string user)
    {
        var response = await client.GetAsync("/sessions/" + user);
        response.StatusCode.ShouldBe(200);
        return response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Test]
    public async Task UserSessions_List_ShowsOnlyThatUsersSessions()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        await LoggedInAsync(app, "alice", "laptop");
        await LoggedInAsync(app, "bob", "tablet");

        var listed = await ListAsync(phone, "alice");

        listed.Select(line => line.Split(' ', 3)[2]).Order().ShouldBe(["laptop", "phone"]);
    }

    [Test]
    public async Task UserSessions_List_MarksTheCurrentSession()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        await LoggedInAsync(app, "alice", "laptop");

        var listed = await ListAsync(phone, "alice");

        listed.Single(line => line.Contains(" current ", StringComparison.Ordinal)).ShouldEndWith(" phone");
    }

    [Test]
    public async Task UserSessions_List_HandleIsNotTheSessionId()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice");

        var handle = (await ListAsync(phone, "alice")).Single().Split(' ')[0];

        (handle.Length, handle == phone.GetCookie("session")).ShouldBe((43, false));
    }

    [Test]
    public async Task UserSessions_Revoke_ThatSessionOpensEmpty()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        var laptop = await LoggedInAsync(app, "alice", "laptop");
        var laptopHandle = (await ListAsync(phone, "alice")).Single(line => line.EndsWith(" laptop", StringComparison.Ordinal)).Split(' ')[0];

        (await phone.GetAsync($"/revoke/alice/{laptopHandle}")).Text.ShouldBe("True");

        (await laptop.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task UserSessions_Revoke_KeepsTheOtherSessions()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        await LoggedInAsync(app, "alice", "laptop");
        var laptopHandle = (await ListAsync(phone, "alice")).Single(line => line.EndsWith(" laptop", StringComparison.Ordinal)).Split(' ')[0];

        await phone.GetAsync($"/revoke/alice/{laptopHandle}");

        (await ListAsync(phone, "alice")).Single().ShouldEndWith(" phone");
    }

    [Test]
    public async Task UserSessions_Revoke_AnotherUsersHandle_EndsNothing()
    {
        var app = CreateUserApp();
        var alice = await LoggedInAsync(app, "alice");
        var bob = await LoggedInAsync(app, "bob");
        var bobHandle = (await ListAsync(bob, "bob")).Single().Split(' ')[0];

        (await alice.GetAsync($"/revoke/alice/{bobHandle}")).Text.ShouldBe("False");
        (await bob.GetAsync("/get/user")).Text.ShouldBe("bob");
    }

    [Test]
    public async Task UserSessions_RevokeAll_EveryOtherSessionOfTheUserOpensEmpty()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        var laptop = await LoggedInAsync(app, "alice", "laptop");
        var tablet = await LoggedInAsync(app, "alice", "tablet");

        (await phone.GetAsync("/revoke-all/alice")).Text.ShouldBe("3");

        ((await laptop.GetAsync("/get/user")).Text, (await tablet.GetAsync("/get/user")).Text).ShouldBe(("<none>", "<none>"));
    }

    [Test]
    public async Task UserSessions_RevokeAll_LogsOutTheCurrentSessionToo()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        var sid = phone.GetCookie("session")!;

        var response = await phone.GetAsync("/revoke-all/alice");

        (response.GetCookie("session")!.IsDeletion(Clock.GetUtcNow()), await StoredAsync(sid)).ShouldBe((true, null));
    }

    [Test]
    public async Task UserSessions_RevokeAll_KeepsOtherUsersSessions()
    {
        var app = CreateUserApp();
        var alice = await LoggedInAsync(app, "alice");
        var bob = await LoggedInAsync(app, "bob");

        await alice.GetAsync("/revoke-all/alice");

        (await bob.GetAsync("/get/user")).Text.ShouldBe("bob");
    }

    [Test]
    public async Task UserSessions_RevokeAllKeepingCurrent_KeepsOnlyThisSession()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        var laptop = await LoggedInAsync(app, "alice", "laptop");

        (await phone.GetAsync("/revoke-others/alice")).Text.ShouldBe("1");

        ((await phone.GetAsync("/get/user")).Text, (await laptop.GetAsync("/get/user")).Text).ShouldBe(("alice", "<none>"));
    }

    [Test]
    public async Task UserSessions_RevokeAll_ThenListIsEmpty()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice");
        await LoggedInAsync(app, "alice");
        await phone.GetAsync("/revoke-all/alice");

        (await ListAsync(app.TestClient(), "alice")).ShouldBeEmpty();
    }

    [Test]
    public async Task UserSessions_UserKeyChanges_MovesTheSessionToTheNewUser()
    {
        var app = CreateUserApp();
        var client = await LoggedInAsync(app, "alice");

        await client.GetAsync("/set/user/bob");

        ((await ListAsync(client, "alice")).Length, (await ListAsync(client, "bob")).Length).ShouldBe((0, 1));
    }

    [Test]
    public async Task UserSessions_LoginAsAnotherUser_MovesTheSessionToTheNewUser()
    {
        var app = CreateUserApp();
        var client = await LoggedInAsync(app, "alice");

        await client.GetAsync("/login/bob");

        ((await ListAsync(client, "alice")).Length, (await ListAsync(client, "bob")).Single().Split(' ')[1]).ShouldBe((0, "current"));
    }

    [Test]
    public async Task UserSessions_AfterLogout_SessionIsNotListed()
    {
        var app = CreateUserApp();
        var client = await LoggedInAsync(app, "alice");

        await client.GetAsync("/clear");

        (await ListAsync(client, "alice")).ShouldBeEmpty();
    }

    [Test]
    public async Task UserSessions_SessionDeletedFromTheStore_IsNotListed()
    {
        var app = CreateUserApp();
        var client = await LoggedInAsync(app, "alice");
        await Store.DeleteAsync(KeyPrefix + client.GetCookie("session"), CancellationToken.None);

        (await ListAsync(app.TestClient(), "alice")).ShouldBeEmpty();
    }

    [Test]
    public async Task UserSessions_ExpiredSession_IsNotListed()
    {
        var app = CreateUserApp(configure: a => a.Config["PERMANENT_SESSION_LIFETIME"] = ShortLifetime);
        await LoggedInAsync(app, "alice");

        await LetTimePassAsync(ShortLifetime + TimeSpan.FromSeconds(1), ShortLifetime + TimeSpan.FromSeconds(1.5));

        (await ListAsync(app.TestClient(), "alice")).ShouldBeEmpty();
    }

    [Test]
    public async Task UserSessions_WithSignedIds_RevokeAllEndsTheOtherSession()
    {
        var app = CreateUserApp(o => o with { UseSigner = true });
        var phone = await LoggedInAsync(app, "alice");
        var laptop = await LoggedInAsync(app, "alice");

        await phone.GetAsync("/revoke-all/alice");

        (await laptop.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }
}
