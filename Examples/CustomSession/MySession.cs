using MicroFlask.Sessions;

/// <summary>A session that knows its id: the key its data is stored under.</summary>
public sealed class MySession : SessionDictionary
{
    /// <summary>Creates the session <paramref name="sid"/> holding <paramref name="data"/>.</summary>
    public MySession(string sid, IEnumerable<KeyValuePair<string, object?>>? data = null, bool isNew = false)
        : base(data, isNew) => Sid = sid;

    /// <summary>The random session id, sent to the browser signed.</summary>
    public string Sid { get; }
}
