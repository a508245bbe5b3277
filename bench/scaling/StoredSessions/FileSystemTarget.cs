using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Micro.Scaling;

/// <summary>The filesystem store in a temporary folder, copied into file by file (its file name is a hash of the id).</summary>
internal sealed class FileSystemTarget : StoreTarget
{
    private readonly string _folder = Directory.CreateTempSubdirectory("microflask-scaling-files.").FullName;
    private readonly FileSystemSessionStore _store;

    internal FileSystemTarget()
    {
        // Flask-Session's threshold of 500 files would evict almost everything this benchmark stores.
        _store = new FileSystemSessionStore(_folder, threshold: 2_000_000);
    }

    internal override ISessionStore Store => _store;

    protected override Task CopyAsync(int from, int to)
    {
        var template = Directory.GetFiles(_folder, FileNameOf(0), SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(template);
        var directory = Path.GetDirectoryName(template)!;
        Parallel.For(from, to, new ParallelOptions { MaxDegreeOfParallelism = 4 }, index =>
        {
            File.WriteAllBytes(Path.Combine(directory, FileNameOf(index)), bytes);
        });
        return Task.CompletedTask;
    }

    private static string FileNameOf(int index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(IdOf(index)))) + ".session";

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        var started = Stopwatch.GetTimestamp();
        // Several unlinks at once: one at a time, each waits on the disk (and on discard, where it is mounted with it),
        // and a million took over four minutes; four in parallel took half the time in a trial here.
        Parallel.ForEach(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories),
            new ParallelOptions { MaxDegreeOfParallelism = 4 }, File.Delete);
        Directory.Delete(_folder, recursive: true);
        // A million files take a while to go (their data is written back by then): said, so the pause is explained.
        Console.Error.WriteLine($">> filesystem: the folder of stored sessions removed in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }
}
