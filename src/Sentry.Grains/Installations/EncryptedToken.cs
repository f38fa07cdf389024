namespace Sentry.Grains.Installations;

/// <summary>
/// A token as it is stored: AES-256-GCM <c>nonce (12) | tag (16) | ciphertext</c>, with the id of the
/// key that encrypted it so keys can rotate. Made and read only by <see cref="TokenProtector"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.EncryptedToken")]
public sealed record EncryptedToken(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Data)
{
    public override string ToString() => $"EncryptedToken {{ KeyId = {KeyId}, {Data.Length} bytes }}";
}
