namespace MicroFlask.Sessions.Memcached;

/// <summary>The outcome of <see cref="MemcachedClient.CasAsync"/>.</summary>
internal enum CasResult
{
    /// <summary>The value was written: nobody changed the item since it was read.</summary>
    Stored,

    /// <summary>The item was changed since it was read (its CAS token differs); nothing was written.</summary>
    Exists,

    /// <summary>The item no longer exists (deleted or expired); nothing was written.</summary>
    NotFound,
}
