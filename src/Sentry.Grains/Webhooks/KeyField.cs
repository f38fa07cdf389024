namespace Sentry.Grains.Webhooks;

/// <summary>
/// Where a resource's grain key is in the body and what shape it has. <see cref="Paths"/> are tried in
/// order (dotted member paths from the envelope's root); the first present one is the key.
/// </summary>
public sealed record KeyField(KeyShape Shape, params string[] Paths)
{
    /// <summary>The path named in messages and the README: the first one.</summary>
    public string Name => Paths[0];
}
