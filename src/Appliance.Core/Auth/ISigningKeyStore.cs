namespace Appliance.Core.Auth;

/// <summary>
/// Where the token signing keys live: files in the data directory of a single registry, or the database that replicas
/// share, so that a token issued by one replica is accepted by all and a rotation on one acts on all.
/// </summary>
public interface ISigningKeyStore
{
    /// <summary>Whether other replicas change the keys too, so a copy held in memory must be refreshed.</summary>
    bool IsShared { get; }

    /// <summary>The keys, newest (the signing one) first; when there are none, stores <paramref name="create"/>'s key first.</summary>
    Task<IReadOnlyList<SigningKey>> LoadOrCreateAsync(Func<SigningKey> create, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="next"/> as the newest key and removes all but the newest <paramref name="keep"/>; returns what is left, newest first.</summary>
    Task<IReadOnlyList<SigningKey>> RotateAsync(SigningKey next, int keep, CancellationToken cancellationToken);
}
