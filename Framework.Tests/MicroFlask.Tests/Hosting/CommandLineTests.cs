using System.Collections;
using MicroFlask.Hosting;

namespace MicroFlask.Tests.Hosting;

public class CommandLineTests
{
    private static readonly IDictionary NoEnvironment = new Dictionary<string, string>();

    private static CliCommand Parse(params string[] args) => CommandLine.Parse(args, NoEnvironment);

    [TestCase(new string[0], "127.0.0.1", 5000)]
    [TestCase(new[] { "--port", "5055" }, "127.0.0.1", 5055)]
    [TestCase(new[] { "--urls", "http://0.0.0.0:8080" }, "0.0.0.0", 8080)]
    [TestCase(new[] { "--urls=http://127.0.0.1:9000" }, "127.0.0.1", 9000)]
    [TestCase(new[] { "--urls", "http://*:7000;http://127.0.0.1:7001" }, "0.0.0.0", 7000)]
    [TestCase(new[] { "--host", "::1", "--port=81" }, "::1", 81)]
    [TestCase(new[] { "--host", "localhost" }, "localhost", 5000)]
    [TestCase(new[] { "run", "--port", "5001" }, "127.0.0.1", 5001)]
    [TestCase(new[] { "--", "--port", "5002" }, "127.0.0.1", 5002)]
    public void Parse_Serve_GivesHostAndPort(string[] args, string host, int port)
    {
        Parse(args).ShouldBe(new CliCommand.Serve(host, port, Debug: false));
    }

    [Test]
    public void Parse_Debug_SetsDebug()
    {
        Parse("--debug").ShouldBe(new CliCommand.Serve("127.0.0.1", 5000, Debug: true));
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("routes", "--help")]
    public void Parse_Help_AsksForTheUsage(params string[] args)
    {
        Parse(args).ShouldBeOfType<CliCommand.Help>();
    }

    [TestCase(new[] { "rotues" }, "No such command: 'rotues'")]
    [TestCase(new[] { "--bogus" }, "No such option: --bogus")]
    [TestCase(new[] { "--port", "abc" }, "--port must be a number from 0 to 65535, not 'abc'")]
    [TestCase(new[] { "--port", "70000" }, "--port must be a number")]
    [TestCase(new[] { "--port" }, "--port needs a value")]
    [TestCase(new[] { "--urls", "nonsense" }, "--urls must be a URL")]
    [TestCase(new[] { "routes", "--sort", "size" }, "--sort must be endpoint, methods, rule or match")]
    [TestCase(new[] { "routes", "--verbose" }, "No such option: --verbose")]
    public void Parse_Wrong_IsAUsageErrorThatSaysWhat(string[] args, string message)
    {
        Parse(args).ShouldBeOfType<CliCommand.UsageError>().Message.ShouldContain(message);
    }

    [Test]
    public void Parse_Routes_ReadsItsOptions()
    {
        Parse("routes", "-s", "rule", "--all-methods").ShouldBe(new CliCommand.Routes("rule", AllMethods: true));
    }

    [TestCase("ASPNETCORE_URLS")]
    [TestCase("DOTNET_URLS")]
    public void Parse_NoPortOrUrls_ReadsTheUrlsVariable(string variable)
    {
        var environment = new Dictionary<string, string> { [variable] = "http://0.0.0.0:8081" };

        CommandLine.Parse([], environment).ShouldBe(new CliCommand.Serve("0.0.0.0", 8081, false));
    }

    [Test]
    public void Parse_BothUrlsVariables_AspNetCoreWins()
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:8082", ["DOTNET_URLS"] = "http://127.0.0.1:8083" };

        CommandLine.Parse([], environment).ShouldBe(new CliCommand.Serve("127.0.0.1", 8082, false));
    }

    [Test]
    public void Parse_PortGiven_IgnoresTheUrlsVariable()
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://0.0.0.0:8081" };

        CommandLine.Parse(["--port", "6000"], environment).ShouldBe(new CliCommand.Serve("127.0.0.1", 6000, false));
    }

    [Test]
    public void Parse_BadUrlsVariable_IsAUsageErrorNamingTheVariable()
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "port 80" };

        CommandLine.Parse([], environment).ShouldBeOfType<CliCommand.UsageError>().Message.ShouldContain("ASPNETCORE_URLS must be a URL");
    }

    private static (int ExitCode, string Output, string Error, (string Host, int Port)? Served) Run(App app, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        (string, int)? served = null;
        var exitCode = app.RunCommandLineAsync(args, output, error, (host, port) =>
        {
            served = (host, port);
            return Task.CompletedTask;
        }, NoEnvironment).GetAwaiter().GetResult();
        return (exitCode, output.ToString(), error.ToString(), served);
    }

    [Test]
    public void RunCommandLine_Unknown_Exits2WithTheUsageOnStderrAndDoesNotServe()
    {
        var result = Run(TestApp.Create(), "rotues");

        result.ExitCode.ShouldBe(2);
        result.Served.ShouldBeNull();
        result.Error.ShouldContain("Error: No such command: 'rotues'");
        result.Error.ShouldContain("Usage: tests [run]");
    }

    [Test]
    public void RunCommandLine_Help_Exits0WithTheUsageOnStdout()
    {
        var result = Run(TestApp.Create(), "--help");

        result.ExitCode.ShouldBe(0);
        result.Served.ShouldBeNull();
        result.Output.ShouldContain("--port PORT");
    }

    [Test]
    public void RunCommandLine_Debug_SetsDebugAndServes()
    {
        var app = TestApp.Create();

        var result = Run(app, "--debug", "--port", "5003");

        result.Served.ShouldBe(("127.0.0.1", 5003));
        app.Debug.ShouldBeTrue();
    }

    [Test]
    public void RunCommandLine_Routes_PrintsTheMapWithoutServing()
    {
        var result = Run(TestApp.Create(), "routes");

        result.Served.ShouldBeNull();
        result.Output.ShouldContain("/static/<path:filename>");
    }
}
