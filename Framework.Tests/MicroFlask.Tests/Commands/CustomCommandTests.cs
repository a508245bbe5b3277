using System.Collections;
using AppContext = MicroFlask.Context.AppContext;

namespace MicroFlask.Tests.Commands;

/// <summary>
/// <c>app.Cli.Command</c>, modelled on Flask 3.1's tests/test_cli.py: custom commands on the app's group run inside an
/// app context, with their arguments, and show up in the help; an unknown command is a usage error (exit 2).
/// </summary>
public class CustomCommandTests
{
    private static readonly IDictionary NoEnvironment = new Dictionary<string, string>();

    private static async Task<(int ExitCode, string Output, string Error, bool Served)> RunAsync(App app, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var served = false;
        var exitCode = await app.RunCommandLineAsync(args, output, error, (_, _) =>
        {
            served = true;
            return Task.CompletedTask;
        }, NoEnvironment);
        return (exitCode, output.ToString(), error.ToString(), served);
    }

    [Test] // test_appgroup_app_context: the command sees current_app
    public async Task Command_RunsInsideAnAppContext()
    {
        var app = TestApp.Create();
        string? seen = null;
        app.Cli.Command("test", (string[] _) => seen = App.Current.Name);

        var result = await RunAsync(app, "test");

        result.ExitCode.ShouldBe(0);
        result.Served.ShouldBeFalse();
        seen.ShouldBe("tests");
    }

    [Test] // with_appcontext: the teardown hooks run once the command is done, so what it opened is closed
    public async Task Command_PopsTheAppContextWithItsTeardownHooks()
    {
        var app = TestApp.Create();
        var tornDown = 0;
        app.TeardownAppContext(_ => tornDown++);
        app.Cli.Command("test", (string[] _) => G.Current["x"] = 1);

        await RunAsync(app, "test");

        tornDown.ShouldBe(1);
        AppContext.IsActive.ShouldBeFalse();
    }

    [Test]
    public async Task Command_WithoutAppContext_HasNone()
    {
        var app = TestApp.Create();
        bool? active = null;
        app.Cli.Command("bare", (string[] _) => active = AppContext.IsActive, withAppContext: false);

        await RunAsync(app, "bare");

        active.ShouldBe(false);
    }

    [TestCase(new[] { "greet", "--name", "ann", "-x" }, "--name ann -x")]
    [TestCase(new[] { "--", "greet", "a" }, "a")]
    public async Task Command_GetsTheArgumentsAfterItsName(string[] args, string expected)
    {
        var app = TestApp.Create();
        string? got = null;
        app.Cli.Command("greet", (string[] rest) => got = string.Join(" ", rest));

        (await RunAsync(app, args)).ExitCode.ShouldBe(0);
        got.ShouldBe(expected);
    }

    [Test]
    public async Task Command_AsyncWithExitCode_ExitsWithIt()
    {
        var app = TestApp.Create();
        app.Cli.Command("check", async (string[] _, CancellationToken ct) =>
        {
            await Task.Yield();
            return 3;
        });

        (await RunAsync(app, "check")).ExitCode.ShouldBe(3);
    }

    [Test]
    public async Task Command_Throws_Exits1WithTheErrorOnStderr()
    {
        var app = TestApp.Create();
        app.Cli.Command("boom", (string[] _, CancellationToken _) => Task.FromException(new InvalidOperationException("no database")));

        var result = await RunAsync(app, "boom");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("no database");
    }

    [Test] // test_flaskgroup_... --help lists the app's commands with their help
    public async Task Help_ListsCustomCommandsWithTheirHelp()
    {
        var app = TestApp.Create();
        app.Cli.Command("init-db", (string[] _) => { }, help: "Clear the existing data and create new tables.");

        var result = await RunAsync(app, "--help");

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain("Commands:");
        result.Output.ShouldMatch(@"(?m)^  init-db +Clear the existing data and create new tables\.$");
    }

    [Test]
    public async Task CommandHelp_ShowsItsUsageAndHelpWithoutRunningIt()
    {
        var app = TestApp.Create();
        var ran = false;
        app.Cli.Command("init-db", (string[] _) => ran = true, help: "Create the tables.");

        var result = await RunAsync(app, "init-db", "--help");

        result.ExitCode.ShouldBe(0);
        ran.ShouldBeFalse();
        result.Output.ShouldContain("Usage: tests init-db [ARGS]...");
        result.Output.ShouldContain("Create the tables.");
    }

    [Test] // click's "No such command", exit 2, naming the app's commands
    public async Task UnknownCommand_Exits2ListingTheCommands()
    {
        var app = TestApp.Create();
        app.Cli.Command("init-db", (string[] _) => { });

        var result = await RunAsync(app, "init_db");

        result.ExitCode.ShouldBe(2);
        result.Served.ShouldBeFalse();
        result.Error.ShouldContain("No such command: 'init_db'. The commands are run (the default), routes, init-db.");
        result.Error.ShouldContain("init-db");
    }

    [TestCase("routes")]
    [TestCase("run")]
    public void Command_BuiltInName_Throws(string name) =>
        Should.Throw<ArgumentException>(() => TestApp.Create().Cli.Command(name, (string[] _) => { })).Message.ShouldContain("built-in");

    [Test]
    public void Command_SameNameTwice_Throws()
    {
        var app = TestApp.Create();
        app.Cli.Command("seed", (string[] _) => { });

        Should.Throw<InvalidOperationException>(() => app.Cli.Command("seed", (string[] _) => { }));
    }
}
