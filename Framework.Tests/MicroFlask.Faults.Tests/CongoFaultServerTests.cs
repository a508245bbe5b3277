using System.Diagnostics;

namespace MicroFlask.Faults.Tests;

/// <summary>Where the CongoDB fault test finds its package in a checkout whose services.sh used another checkout's server.</summary>
[TestFixture]
public sealed class CongoFaultServerTests
{
    private string _root = "";

    [SetUp]
    public void CreateFolder() => _root = Directory.CreateTempSubdirectory("microflask-congo-package-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_root, recursive: true);

    [Test]
    public void FindPackage_CheckoutHasThePackage_IsTheCheckouts()
    {
        var checkout = CreatePackage("checkout");

        CongoFaultServer.FindPackage(checkout, [CreatePackage("other")]).ShouldBe(checkout);
    }

    [Test]
    public void FindPackage_CheckoutHasNoPackage_IsTheRunningServers()
    {
        var running = CreatePackage("other-checkout");

        CongoFaultServer.FindPackage(Path.Combine(_root, "checkout", "package"), ["/nowhere/package", running]).ShouldBe(running);
    }

    [Test]
    public async Task RunningServerPackages_ACongoServerRuns_ListsItsPackage()
    {
        var node = CongoFaultServer.Node;
        if (node is null) Prerequisite.Missing("node", "not on the PATH", "Install it with `scripts/services.sh start`.");
        // A stand-in with congo-server.mjs's name and arguments, as another checkout's services.sh starts it.
        var script = Path.Combine(_root, "scripts", "congo-server.mjs");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        await File.WriteAllTextAsync(script, "setTimeout(() => {}, 30000);\n");
        var package = CreatePackage("other-checkout");
        await using var server = ProcessRunner.Start(node, [script, package, "18739"]);
        var elapsed = Stopwatch.StartNew();
        while (!CongoFaultServer.RunningServerPackages().Contains(package) && elapsed.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);

        CongoFaultServer.RunningServerPackages().ShouldContain(package);
    }

    private string CreatePackage(string checkout)
    {
        var entry = Path.Combine(_root, checkout, "package", "dist_ts", "congodb", "index.js");
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        File.WriteAllText(entry, "");
        return Path.Combine(_root, checkout, "package");
    }
}
