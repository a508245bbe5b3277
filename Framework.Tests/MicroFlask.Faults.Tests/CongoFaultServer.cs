namespace MicroFlask.Faults.Tests;

/// <summary>
/// CongoDB, the MongoDB-wire server the project tests against (scripts/congo-server.mjs under node, installed by
/// scripts/services.sh). It keeps its data in memory, so a kill loses it, as memcached's.
/// </summary>
internal sealed class CongoFaultServer(int port) : FaultServer(port)
{
    public override string Name => "congodb";

    public static string? Node => Find("node");

    /// <summary>
    /// The unpacked smartmongo package: MICROFLASK_CONGODB_PACKAGE, else where services.sh puts it in this checkout, else
    /// the one a running CongoDB was started from (services.sh of a checkout that found another checkout's server running
    /// used it and, before it installed the package in every checkout, installed nothing).
    /// </summary>
    public static string Package => Prerequisite.ServerAddress("MICROFLASK_CONGODB_PACKAGE", "") is { Length: > 0 } given
        ? given
        : FindPackage(Path.Combine(Repository.Root, ".services", "congodb", "package"), RunningServerPackages());

    public static bool IsInstalled => HasEntry(Package);

    public override Task<bool> IsReadyAsync() => AnswersAsync("", "");

    /// <summary><paramref name="checkoutPackage"/> when it holds the package, else the first of <paramref name="running"/> that does, else <paramref name="checkoutPackage"/> (for the message).</summary>
    internal static string FindPackage(string checkoutPackage, IEnumerable<string> running) =>
        HasEntry(checkoutPackage) ? checkoutPackage : running.FirstOrDefault(HasEntry) ?? checkoutPackage;

    /// <summary>The package argument of every running <c>node .../congo-server.mjs &lt;package&gt; &lt;port&gt;</c>, read from /proc.</summary>
    internal static IEnumerable<string> RunningServerPackages()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!Path.GetFileName(dir).All(char.IsAsciiDigit)) continue;
            string[] arguments;
            string? workingDirectory;
            try
            {
                arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                workingDirectory = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // it ended meanwhile, or is not ours to read
            }
            if (arguments.Length < 3 || Path.GetFileName(arguments[1]) != "congo-server.mjs") continue;
            yield return Path.IsPathRooted(arguments[2]) || workingDirectory is null ? arguments[2] : Path.Combine(workingDirectory, arguments[2]);
        }
    }

    protected override RunningProcess Launch() => ProcessRunner.Start(Node!,
        [Path.Combine(Repository.Root, "scripts", "congo-server.mjs"), Package, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    private static bool HasEntry(string package) => File.Exists(Path.Combine(package, "dist_ts", "congodb", "index.js"));
}
