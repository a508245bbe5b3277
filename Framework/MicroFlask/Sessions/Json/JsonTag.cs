namespace MicroFlask.Sessions.Json;

/// <summary>
/// A custom tag of the tagged JSON (Flask's <c>JSONTag</c>): a type JSON lacks, written as <c>{"KEY": json}</c> and read
/// back. Register it with <see cref="TaggedJsonSerializer.Register"/> on a serializer of your own.
/// </summary>
public abstract class JsonTag
{
    /// <summary>The tag's key, e.g. <c>" od"</c>: a space first, by Flask's convention, so that it does not clash with real keys.</summary>
    public abstract string Key { get; }

    /// <summary>Whether <paramref name="value"/> is written with this tag (Flask's <c>check</c>).</summary>
    public abstract bool Check(object? value);

    /// <summary>
    /// What to write under the key (Flask's <c>to_json</c>): any value the session stores; its own values are tagged in
    /// turn, so a list of dates needs nothing more.
    /// </summary>
    public abstract object? ToJson(object? value);

    /// <summary>The value again from what <see cref="ToJson"/> wrote, its nested values already read back (Flask's <c>to_python</c>).</summary>
    public abstract object? ToPython(object? value);
}
