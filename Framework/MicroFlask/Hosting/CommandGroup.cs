namespace MicroFlask.Hosting;

/// <summary>
/// The app's own commands (Flask's <c>app.cli</c>), run as <c>dotnet run -- init-db</c> as Flask runs
/// <c>flask --app flaskr init-db</c>: <c>app.Cli.Command("init-db", async (args, ct) =&gt; { ... }, help: "...")</c>.
/// A command gets the arguments after its name and a token cancelled by Ctrl+C; it runs inside an app context
/// (Flask's <c>with_appcontext</c>), so <see cref="App.Current"/>, <see cref="G.Current"/> and the teardown hooks work.
/// </summary>
public sealed class CommandGroup
{
    private static readonly string[] BuiltIn = ["run", "routes"];

    private readonly Dictionary<string, CustomCommand> _commands = new(StringComparer.Ordinal);

    internal CommandGroup()
    {
    }

    /// <summary>The commands by name, in the order added.</summary>
    internal IReadOnlyCollection<CustomCommand> Commands => _commands.Values;

    /// <summary>
    /// Adds command <paramref name="name"/>; <paramref name="handler"/>'s result is the exit code. <paramref name="help"/>
    /// is its line in <c>--help</c>. <paramref name="withAppContext"/> false runs it without an app context.
    /// </summary>
    public CommandGroup Command(string name, Func<string[], CancellationToken, Task<int>> handler, string? help = null, bool withAppContext = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        if (name.StartsWith('-') || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"The command name '{name}' cannot start with '-' or contain spaces: use a word such as \"init-db\".", nameof(name));
        }

        if (BuiltIn.Contains(name))
        {
            throw new ArgumentException($"'{name}' is a built-in command, which would always win: give the command another name.", nameof(name));
        }

        if (!_commands.TryAdd(name, new CustomCommand(name, handler, help, withAppContext)))
        {
            throw new InvalidOperationException($"A command named '{name}' is already added: give the second one another name.");
        }

        return this;
    }

    /// <summary>Adds command <paramref name="name"/>, which exits with 0 once <paramref name="handler"/> completes (1 when it throws).</summary>
    public CommandGroup Command(string name, Func<string[], CancellationToken, Task> handler, string? help = null, bool withAppContext = true)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Command(name, async (args, cancellationToken) =>
        {
            await handler(args, cancellationToken);
            return 0;
        }, help, withAppContext);
    }

    /// <summary>Adds a synchronous command <paramref name="name"/>, which exits with 0 once <paramref name="handler"/> returns.</summary>
    public CommandGroup Command(string name, Action<string[]> handler, string? help = null, bool withAppContext = true)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Command(name, (args, _) =>
        {
            handler(args);
            return Task.FromResult(0);
        }, help, withAppContext);
    }

    internal bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CustomCommand? command) =>
        _commands.TryGetValue(name, out command);
}
