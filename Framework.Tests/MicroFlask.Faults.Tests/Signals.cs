using System.Globalization;
using System.Runtime.InteropServices;

namespace MicroFlask.Faults.Tests;

/// <summary>Sends POSIX signals to a server this project started and to its children (PostgreSQL's backends), by id.</summary>
internal static class Signals
{
    // Linux's numbers (x64 and arm64 alike).
    internal const int Kill = 9;
    internal const int Continue = 18;
    internal const int Stop = 19;

    /// <summary>The process and every descendant, parents first; found through /proc.</summary>
    internal static IReadOnlyList<int> Tree(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // it ended meanwhile
            }
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!parents.TryGetValue(parent, out var children)) parents[parent] = children = [];
            children.Add(pid);
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            if (parents.TryGetValue(tree[i], out var children)) tree.AddRange(children);
        }
        return tree;
    }

    /// <summary>Sends <paramref name="signal"/> to each of <paramref name="pids"/>; one that has ended already is skipped.</summary>
    internal static void Send(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids) _ = SendSignal(pid, signal);
    }

    /// <summary>Whether <paramref name="pid"/> is a live process (not a zombie that nobody reaps).</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
