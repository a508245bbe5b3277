namespace MicroFlask.Faults.Tests;

/// <summary>
/// CongoDB, the MongoDB-wire server the project tests against (scripts/congo-server.mjs under node, installed by
/// scripts/services.sh). It keeps its data in memory, so a kill loses it, as memcached's.
/// </summary>
internal sealed class CongoFaultServer(int port) : FaultServer(port)
{
    public override string Name => "congodb";

    public static string? Node => Find("node");

    /// <summary>The unpacked smartmongo package: MICROFLASK_CONGODB_PACKAGE, else where services.sh puts it.</summary>
    public static string Package => Prerequisite.ServerAddress("MICROFLASK_CONGODB_PACKAGE", Path.Combine(Repository.Root, ".services", "congodb", "package"));

    public static bool IsInstalled => File.Exists(Path.Combine(Package, "dist_ts", "congodb", "index.js"));

    public override Task<bool> IsReadyAsync() => AnswersAsync("", "");

    protected override RunningProcess Launch() => ProcessRunner.Start(Node!,
        [Path.Combine(Repository.Root, "scripts", "congo-server.mjs"), Package, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}
