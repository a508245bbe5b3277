namespace MicroFlask.TestSupport;

/// <summary>How a child process ended: its exit code, what it wrote to each stream, and both interleaved as printed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, string Output);
