namespace MicroFlask.Templating.Jinja;

/// <summary>
/// A name or attribute the context does not have (Jinja's default <c>Undefined</c>): prints as nothing, is false,
/// iterates as empty, and reading an attribute or item of it gives another undefined (so <c>user.name</c> is quiet
/// when <c>user</c> is missing). Arithmetic and ordering on it fail with the name in the message.
/// </summary>
internal sealed class Undefined
{
    public static readonly Undefined Instance = new(null);

    public Undefined(string? name) => Name = name;

    /// <summary>The missing name, for error messages; null when unknown.</summary>
    public string? Name { get; }

    public override string ToString() => "";

    public override bool Equals(object? obj) => obj is Undefined;

    public override int GetHashCode() => 0;

    public InvalidOperationException Error() =>
        new(Name is null ? "A value is undefined." : $"'{Name}' is undefined.");
}
