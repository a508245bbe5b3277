using System.Runtime.InteropServices;
using MicroFlask.Hosting;

namespace MicroFlask;

public partial class App
{
    /// <summary>Whether the standalone server logs a line per request (ACCESS_LOG, else DEBUG), kept up to date by the config.</summary>
    internal bool AccessLogEnabled { get; private set; }

    /// <summary>Starts serving on Kestrel and returns at once; dispose the server to stop. Port 0 picks a free port.</summary>
    /// <exception cref="InvalidOperationException">A view has a parameter the app cannot supply (see <see cref="ConfigureServices"/>).</exception>
    public Task<WsgiServer> StartAsync(string host = "127.0.0.1", int port = 5000, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        return WsgiServer.StartAsync(this, host, port, cancellationToken);
    }

    /// <summary>
    /// Serves the app until Ctrl+C or SIGTERM, then lets requests in flight finish (Flask's <c>app.run</c>).
    /// </summary>
    public void Run(string host = "127.0.0.1", int port = 5000) => RunAsync(host, port).GetAwaiter().GetResult();

    /// <summary>
    /// Serves the app with the address from the command line, as <c>flask run</c>: <c>--host</c>, <c>--port</c> or
    /// <c>--urls http://127.0.0.1:5001</c> (else ASPNETCORE_URLS / DOTNET_URLS, else 127.0.0.1:5000), <c>--debug</c>
    /// to set DEBUG. <c>routes</c> prints the URL map instead (<c>dotnet run -- routes</c>, as <c>flask routes</c>),
    /// <c>--help</c> the usage, and a command of <see cref="Cli"/> runs that command. An unknown argument prints the usage
    /// on stderr and exits with code 2; a command exits with its own code.
    /// </summary>
    public void Run(string[] args)
    {
        // The program's entry point: nothing above it to await in.
        var exitCode = RunAsync(args).GetAwaiter().GetResult();
        if (exitCode != 0) Environment.Exit(exitCode);
    }

    /// <summary>
    /// Async form of <see cref="Run(string[])"/> for <c>return await app.RunAsync(args);</c>: returns the exit code instead
    /// of exiting. Ctrl+C or SIGTERM cancels a command's token; a second Ctrl+C ends the process.
    /// </summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = !stopping.IsCancellationRequested;
            stopping.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await RunCommandLineAsync(args, Console.Out, Console.Error, (host, port) => RunAsync(host, port, cancellationToken), cancellationToken: stopping.Token);
    }

    /// <summary>Async form of <see cref="Run(string, int)"/>; returns once the server has stopped and the app is disposed.</summary>
    public async Task RunAsync(string host = "127.0.0.1", int port = 5000, CancellationToken cancellationToken = default)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        try
        {
            await using var server = await StartAsync(host, port, cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                Logger.LogShutdown();
            }
        }
        finally
        {
            // The server has stopped (requests in flight finished): now close the stores the app opened.
            await DisposeAsync();
        }
    }
}
