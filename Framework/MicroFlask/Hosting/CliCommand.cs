namespace MicroFlask.Hosting;

/// <summary>What a command line asks for, as <see cref="CommandLine.Parse"/> read it; the caller acts on it.</summary>
internal abstract record CliCommand
{
    /// <summary>Serve on <paramref name="Host"/>:<paramref name="Port"/>; <paramref name="Debug"/> sets DEBUG.</summary>
    internal sealed record Serve(string Host, int Port, bool Debug) : CliCommand;

    /// <summary>Print the URL map (<c>flask routes</c>).</summary>
    internal sealed record Routes(string Sort, bool AllMethods) : CliCommand;

    /// <summary>Run one of the app's own commands with the arguments after its name.</summary>
    internal sealed record Custom(CustomCommand Command, string[] Args) : CliCommand;

    /// <summary>Print one of the app's own commands' help and exit 0.</summary>
    internal sealed record CommandHelp(CustomCommand Command) : CliCommand;

    /// <summary>Print the usage and exit 0.</summary>
    internal sealed record Help : CliCommand;

    /// <summary>Print <paramref name="Message"/> and the usage on stderr, and exit 2 (as click does).</summary>
    internal sealed record UsageError(string Message) : CliCommand;
}
