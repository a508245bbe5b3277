namespace MicroFlask.Hosting;

/// <summary>The environment name as ASP.NET Core reads it, for the settings files and the log format.</summary>
internal static class HostEnvironment
{
    /// <summary>ASPNETCORE_ENVIRONMENT, else DOTNET_ENVIRONMENT, else "Production" (the host's order).</summary>
    internal static string Name => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>Whether the environment is Development (case-insensitive, as the host compares it).</summary>
    internal static bool IsDevelopment => string.Equals(Name, "Development", StringComparison.OrdinalIgnoreCase);

    internal static string Resolve(Func<string, string?> environment) =>
        NonEmpty(environment("ASPNETCORE_ENVIRONMENT")) ?? NonEmpty(environment("DOTNET_ENVIRONMENT")) ?? "Production";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
