namespace MicroFlask.Packaging.Tests;

/// <summary>The dotnet CLI through the one test process runner; a failure throws with the command's output.</summary>
internal static class DotnetCli
{
    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/>; throws with the output when it fails or overruns.
    /// An environment value of null removes that variable.
    /// </summary>
    public static async Task<string> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, timeout, workingDirectory, environment);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}");
        return result.Output;
    }
}
