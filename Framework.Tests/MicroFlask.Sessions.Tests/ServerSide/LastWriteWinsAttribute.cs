namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// The capability flag of a <see cref="SessionStoreContract"/> fixture whose store has no atomic merge and documents
/// that concurrent saves of one session are last-write-wins (the distributed cache): the contract's
/// <see cref="ConcurrentMergeTestAttribute"/> tests are not generated for it, rather than run and skipped.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class LastWriteWinsAttribute : Attribute
{
}
