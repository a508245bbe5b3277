using System.Diagnostics;
using System.Text;

namespace MicroFlask.TestSupport;

/// <summary>A child process started by <see cref="ProcessRunner"/>, its output collected as it comes; dispose to kill it.</summary>
public sealed class RunningProcess : IAsyncDisposable
{
    // After the exit, the pipes close at once, unless a grandchild (a build server) holds them: then do not wait for ever.
    private static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _command;
    private readonly StringBuilder _stdout = new(), _stderr = new(), _output = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Line, TaskCompletionSource Seen)> _awaitedLines = [];

    internal RunningProcess(ProcessStartInfo start, string? stdin)
    {
        _command = start.FileName + " " + string.Join(' ', start.ArgumentList);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data, _stdout, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, _stderr, _stderrClosed);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (stdin is not null)
        {
            _process.StandardInput.Write(stdin);
            _process.StandardInput.Close();
        }
    }

    /// <summary>The process id, for signals a test sends it (SIGSTOP, SIGCONT).</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Stdout and stderr so far, interleaved as printed.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits until the process prints <paramref name="line"/> on stdout.</summary>
    /// <exception cref="InvalidOperationException">It ended without printing it.</exception>
    /// <exception cref="TimeoutException">It did not print it within <paramref name="timeout"/>.</exception>
    public async Task WaitForLineAsync(string line, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_stdout.ToString().Split('\n').Contains(line)) return;
            _awaitedLines.Add((line, seen));
        }

        try
        {
            await Task.WhenAny(seen.Task, _stdoutClosed.Task).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_command} did not print \"{line}\" within {timeout}:\n{Output}");
        }

        if (!seen.Task.IsCompleted)
        {
            throw new InvalidOperationException($"{_command} ended without printing \"{line}\":\n{Output}");
        }
    }

    /// <summary>Waits for the end and returns how it ended.</summary>
    /// <exception cref="TimeoutException">It ran over <paramref name="timeout"/>: it is killed, and the message holds its output.</exception>
    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
            throw new TimeoutException($"{_command} did not finish within {timeout}:\n{Output}");
        }

        try
        {
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(PipeGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Output after the exit is lost; the exit code is what counts.
        }

        lock (_output) return new ProcessResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString(), _output.ToString());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task KillAsync()
    {
        try
        {
            if (_process.HasExited) return;
            // The whole tree: a script's servers or BenchmarkDotNet's children would otherwise outlive the test.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
    }

    private void Collect(string? line, StringBuilder stream, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_output)
        {
            stream.Append(line).Append('\n');
            _output.Append(line).Append('\n');
            if (stream != _stdout) return;
            foreach (var awaited in _awaitedLines.Where(a => a.Line == line)) awaited.Seen.TrySetResult();
        }
    }
}
