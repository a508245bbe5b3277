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
    /// Acts on a command line (see <see cref="CommandLine.Usage"/>) and returns the exit code: 0 once served, or
    /// after <c>--help</c> or <c>routes</c>; 2 after a usage error, printed with the usage on <paramref name="error"/>.
    /// <paramref name="serve"/> serves the app; it is a parameter so that tests can parse without serving.
    /// </summary>
    internal int RunCommandLine(IReadOnlyList<string> args, TextWriter output, TextWriter error, Action<string, int> serve, IDictionary? environment = null)
    {
        var usage = CommandLine.Usage.Replace("<app>", Name, StringComparison.Ordinal);
        switch (CommandLine.Parse(args, environment))
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
                serve(server.Host, server.Port);
                return 0;
            default:
                throw new InvalidOperationException("Unreachable: every command is handled above.");
        }
    }
}
