using MicroFlask.Sessions.Memcached;

namespace MicroFlask.Sessions.Memcached.Tests.Client;

public sealed class MemcachedRingTests
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 10_000).Select(i => "session:" + Guid.NewGuid().ToString("N"))];

    [Test]
    public void ServerFor_TwoServers_SpreadsKeysEvenly()
    {
        var ring = Ring("a:11211", "b:11211");

        var onA = Keys.Count(key => ring.ServerFor(key) == "a:11211");

        // 160 points a server keep each share within a few percent of half.
        ((double)onA / Keys.Length).ShouldBeInRange(0.4, 0.6);
    }

    [Test]
    public void ServerFor_ServersInAnotherOrder_SendsEveryKeyToTheSameServer()
    {
        var ring = Ring("a:11211", "b:11211", "c:11211");
        var reversed = Ring("c:11211", "b:11211", "a:11211");

        Keys.Count(key => ring.ServerFor(key) != reversed.ServerFor(key)).ShouldBe(0);
    }

    [Test]
    public void ServerFor_AThirdServerAdded_MovesOnlyTheKeysItTakes()
    {
        var two = Ring("a:11211", "b:11211");
        var three = Ring("a:11211", "b:11211", "c:11211");

        var moved = Keys.Where(key => two.ServerFor(key) != three.ServerFor(key)).ToArray();

        // Every key that moves goes to the new server (consistency), about a third of them (not the two thirds of hash % n).
        moved.ShouldAllBe(key => three.ServerFor(key) == "c:11211");
        ((double)moved.Length / Keys.Length).ShouldBeInRange(0.2, 0.45);
    }

    [Test]
    public void ServerFor_OneServer_IsThatServer()
    {
        Ring("a:11211").ServerFor("session:x").ShouldBe("a:11211");
    }

    private static MemcachedRing<string> Ring(params string[] servers) => new([.. servers.Select(s => (s, s))]);
}
