namespace MicroFlask.Hosting;

/// <summary>A command added with <see cref="CommandGroup.Command(string, Func{string[], CancellationToken, Task{int}}, string?, bool)"/>.</summary>
internal sealed record CustomCommand(string Name, Func<string[], CancellationToken, Task<int>> Run, string? Help, bool WithAppContext);
