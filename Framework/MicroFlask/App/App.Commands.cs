using System.Collections;
using MicroFlask.Hosting;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Writes the URL map as a table of endpoint, methods and rule (Flask's <c>flask routes</c>). HEAD and OPTIONS
    /// are left out unless <paramref name="allMethods"/>; <paramref name="sort"/> is "endpoint" (the default),
    /// "methods", "rule" or "match" (the order rules are tried in, which is the order they were added).
    /// </summary>
    public void WriteRoutes(TextWriter output, string sort = "endpoint", bool allMethods = false) =>
        RoutesCommand.Write(UrlMap, output, sort, allMethods);

    /// <summary>
    /// The app's own commands (Flask's <c>app.cli</c>): <c>app.Cli.Command("init-db", async (args, ct) =&gt; ...)</c>,
    /// then <c>dotnet run -- init-db</c>.
    /// </summary>
    public CommandGroup Cli { get; } = new();

    /// <summary>
    /// Acts on a command line (see <see cref="CommandLine.Usage"/>) and returns the exit code: 0 once served, or
    /// after <c>--help</c> or <c>routes</c>; a custom command's own code (1 when it throws, printed on
    /// <paramref name="error"/>); 2 after a usage error, printed with the usage on <paramref name="error"/>.
    /// <paramref name="serve"/> serves the app; it is a parameter so that tests can parse without serving.
    /// </summary>
    internal async Task<int> RunCommandLineAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, int, Task> serve,
        IDictionary? environment = null, CancellationToken cancellationToken = default)
    {
        var usage = Usage();
        switch (CommandLine.Parse(args, environment, Cli))
        {
            case CliCommand.Help:
                output.WriteLine(usage);
                return 0;
            case CliCommand.UsageError problem:
                error.WriteLine("Error: " + problem.Message);
                error.WriteLine();
                error.WriteLine(usage);
                return 2;
            case CliCommand.Routes routes:
                WriteRoutes(output, routes.Sort, routes.AllMethods);
                return 0;
            case CliCommand.Serve server:
                if (server.Debug) Debug = true;
                await serve(server.Host, server.Port);
                return 0;
            case CliCommand.CommandHelp help:
                output.WriteLine($"Usage: {Name} {help.Command.Name} [ARGS]...");
                if (help.Command.Help is { } text) output.WriteLine(Environment.NewLine + "  " + text);
                return 0;
            case CliCommand.Custom custom:
                return await RunCustomCommandAsync(custom.Command, custom.Args, error, cancellationToken);
            default:
                throw new InvalidOperationException("Unreachable: every command is handled above.");
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> inside an app context pushed and popped here (Flask's <c>with_appcontext</c>),
    /// so its teardown hooks close what the command opened. An exception is printed and exits 1, as Python's would.
    /// </summary>
    private async Task<int> RunCustomCommandAsync(CustomCommand command, string[] args, TextWriter error, CancellationToken cancellationToken)
    {
        var context = command.WithAppContext ? new Context.AppContext(this) : null;
        context?.Push();
        Exception? failure = null;
        try
        {
            return await command.Run(args, cancellationToken);
        }
        catch (Exception e)
        {
            failure = e;
            error.WriteLine($"Error: the command '{command.Name}' failed: {e}");
            return 1;
        }
        finally
        {
            if (context is not null) await context.PopAsync(failure);
        }
    }

    /// <summary>The usage with the app's name and, when it has any, its own commands and their help, sorted as click lists them.</summary>
    private string Usage()
    {
        var usage = CommandLine.Usage.Replace("<app>", Name, StringComparison.Ordinal);
        var commands = Cli.Commands.OrderBy(command => command.Name, StringComparer.Ordinal).ToList();
        if (commands.Count == 0) return usage;
        var width = Math.Max(commands.Max(command => command.Name.Length), 6) + 2;
        var lines = commands.Select(command => "  " + (command.Name.PadRight(width) + (command.Help ?? "")).TrimEnd());
        return usage + Environment.NewLine + Environment.NewLine + "Commands:" + Environment.NewLine +
            "  " + "routes".PadRight(width) + "Shows the routes of the app." + Environment.NewLine +
            "  " + "run".PadRight(width) + "Serves the app (the default)." + Environment.NewLine +
            string.Join(Environment.NewLine, lines);
    }
}
