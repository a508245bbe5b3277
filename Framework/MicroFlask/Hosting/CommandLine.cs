using System.Collections;
using System.Globalization;

namespace MicroFlask.Hosting;

/// <summary>
/// Reads <c>app.Run(args)</c>'s command line, as the <c>flask</c> command would: serve (the default, or <c>run</c>)
/// with <c>--host</c>, <c>--port</c>, <c>--urls</c> and <c>--debug</c>; <c>routes</c> with <c>--sort</c> and
/// <c>--all-methods</c>; <c>--help</c>; the app's own commands (<see cref="CommandGroup"/>) with the arguments after
/// their name. It only parses: what to do, or what was wrong, comes back as a
/// <see cref="CliCommand"/>, and the caller prints and exits.
/// </summary>
internal static class CommandLine
{
    internal const string DefaultHost = "127.0.0.1";
    internal const int DefaultPort = 5000;

    /// <summary>What <c>--help</c> prints, and what follows a usage error.</summary>
    internal const string Usage =
        """
        Usage: <app> [run] [--host HOST] [--port PORT] [--urls URL] [--debug]
               <app> routes [--sort endpoint|methods|rule|match] [--all-methods]
               <app> COMMAND [ARGS]...

        Serves the app, or prints its URL map (routes). With dotnet run, put the arguments after --:
        dotnet run -- --port 5001.

        Options:
          --host HOST      The interface to listen on, an address or a name (default 127.0.0.1; 0.0.0.0 for all).
          --port PORT      The port to listen on (default 5000; 0 picks a free one).
          --urls URL       The address as a URL, e.g. http://0.0.0.0:8080 (the first of a ;-separated list).
                           Without --urls or --port, ASPNETCORE_URLS or DOTNET_URLS is read.
          --debug          Sets DEBUG: error pages show the exception, and exceptions propagate.
          -s, --sort KEY   routes: the order, endpoint (default), methods, rule or match.
          --all-methods    routes: show HEAD and OPTIONS too.
          -h, --help       Shows this message.
        """;

    /// <summary>
    /// Parses <paramref name="args"/>; <paramref name="environment"/> (the process's when null) gives
    /// ASPNETCORE_URLS / DOTNET_URLS when the arguments name no port. A first argument that names one of
    /// <paramref name="commands"/> runs it with the arguments after it, untouched (its <c>--help</c> shows its help).
    /// </summary>
    internal static CliCommand Parse(IReadOnlyList<string> args, IDictionary? environment = null, CommandGroup? commands = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var first = args.Count > 0 && args[0] == "--" ? 1 : 0;
        if (commands is not null && args.Count > first && commands.TryGet(args[first], out var custom))
        {
            var commandArgs = args.Skip(first + 1).ToArray();
            return commandArgs is ["--help" or "-h"] ? new CliCommand.CommandHelp(custom) : new CliCommand.Custom(custom, commandArgs);
        }

        if (args.Any(arg => arg is "--help" or "-h")) return new CliCommand.Help();
        var rest = args.Where(arg => arg != "--").ToList();
        if (rest.Count > 0 && rest[0] == "routes") return ParseRoutes(rest.Skip(1).ToList());
        if (rest.Count > 0 && rest[0] == "run") rest.RemoveAt(0);
        return ParseServe(rest, environment ?? Environment.GetEnvironmentVariables(), commands);
    }

    private static CliCommand ParseServe(List<string> args, IDictionary environment, CommandGroup? commands)
    {
        string? host = null, urls = null;
        int? port = null;
        var debug = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (!TrySplit(args, ref i, ["--host", "--port", "--urls"], out var name, out var value, out var error)) return error!;
            switch (name)
            {
                case "--host" when value!.Length > 0:
                    host = value;
                    break;
                case "--host":
                    return new CliCommand.UsageError("--host needs a value, such as 127.0.0.1, 0.0.0.0 or localhost.");
                case "--port":
                    if (!TryParsePort(value!, out var parsed))
                        return new CliCommand.UsageError($"--port must be a number from 0 to 65535, not '{value}'.");
                    port = parsed;
                    break;
                case "--urls":
                    urls = value;
                    break;
                case "--debug":
                    debug = true;
                    break;
                default:
                    return Unknown(name, commands);
            }
        }

        var source = "--urls";
        if (urls is null && port is null)
        {
            (source, urls) = EnvironmentUrls(environment);
        }
        var (urlHost, urlPort) = (DefaultHost, DefaultPort);
        if (urls is not null && !TryParseUrl(urls, out urlHost, out urlPort))
            return new CliCommand.UsageError($"{source} must be a URL such as http://127.0.0.1:5000, not '{urls}'.");
        return new CliCommand.Serve(host ?? urlHost, port ?? urlPort, debug);
    }

    private static CliCommand ParseRoutes(List<string> args)
    {
        var sort = "endpoint";
        var allMethods = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (!TrySplit(args, ref i, ["--sort", "-s"], out var name, out var value, out var error)) return error!;
            switch (name)
            {
                case "--sort" or "-s" when value is "endpoint" or "methods" or "rule" or "match":
                    sort = value;
                    break;
                case "--sort" or "-s":
                    return new CliCommand.UsageError($"--sort must be endpoint, methods, rule or match, not '{value}'.");
                case "--all-methods":
                    allMethods = true;
                    break;
                default:
                    return Unknown(name);
            }
        }
        return new CliCommand.Routes(sort, allMethods);
    }

    /// <summary>Splits "--name=value" or "--name value" for the options that take one; a flag comes back with no value.</summary>
    private static bool TrySplit(List<string> args, ref int i, string[] withValue, out string name, out string? value, out CliCommand? error)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=');
        (name, value, error) = (equals > 0 ? arg[..equals] : arg, equals > 0 ? arg[(equals + 1)..] : null, null);
        if (!withValue.Contains(name))
        {
            if (value is null) return true;
            error = Unknown(arg);
            return false;
        }
        if (value is not null) return true;
        if (i + 1 >= args.Count)
        {
            error = new CliCommand.UsageError($"{name} needs a value.");
            return false;
        }
        value = args[++i];
        return true;
    }

    private static CliCommand.UsageError Unknown(string arg, CommandGroup? commands = null) => arg.StartsWith('-')
        ? new CliCommand.UsageError($"No such option: {arg}.")
        : new CliCommand.UsageError($"No such command: '{arg}'. The commands are run (the default), routes" +
            string.Concat((commands?.Commands ?? []).Select(command => command.Name).Order(StringComparer.Ordinal).Select(name => ", " + name)) + ".");

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    private static (string Source, string? Urls) EnvironmentUrls(IDictionary environment)
    {
        // ASP.NET Core reads the same two variables, the ASPNETCORE_ one winning.
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS" })
        {
            if (environment[name] is string value && !string.IsNullOrWhiteSpace(value)) return (name, value);
        }
        return ("", null);
    }

    /// <summary>The host and port of the first URL of a ;-separated list; * and + (all interfaces) become 0.0.0.0.</summary>
    private static bool TryParseUrl(string urls, out string host, out int port)
    {
        (host, port) = (DefaultHost, DefaultPort);
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        first = first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(first, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0) return false;
        (host, port) = (uri.Host.Trim('[', ']'), uri.Port);
        return true;
    }
}
