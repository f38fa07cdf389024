using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Silo.Api;

/// <summary>Opaque cursors: base64url of a position, so clients pass them back unchanged and never build them.</summary>
internal static class PageCursors
{
    public static string Of(PagePosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"p1\n{position.SortValue?.ToString(CultureInfo.InvariantCulture)}\n{position.Key}"));

    public static string Of(FeedCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"f1\n{cursor.Transaction}\n{cursor.Sequence}")));

    public static bool TryReadPosition(string text, out PagePosition position)
    {
        position = default!;
        if (Decode(text) is not ["p1", var sort, .. var key] || key.Length == 0)
        {
            return false;
        }

        long? sortValue = null;
        if (sort.Length > 0)
        {
            if (!long.TryParse(sort, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks))
            {
                return false;
            }

            sortValue = ticks;
        }

        position = new PagePosition(sortValue, string.Join('\n', key));
        return true;
    }

    public static bool TryReadFeedCursor(string text, out FeedCursor cursor)
    {
        cursor = default;
        if (Decode(text) is not ["f1", var transaction, var sequence]
            || !long.TryParse(transaction, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            return false;
        }

        cursor = new FeedCursor(t, s);
        return true;
    }

    private static string[]? Decode(string text)
    {
        if (text.Length > 1024)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n');
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
