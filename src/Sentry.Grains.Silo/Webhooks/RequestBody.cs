using System.Buffers;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>Reads a request body up to a limit, without reading further once it is exceeded.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                return null;
            }

            var exact = new byte[declared];
            var read = 0;
            while (read < exact.Length)
            {
                var n = await request.Body.ReadAsync(exact.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    throw new BadHttpRequestException("The request body ended before Content-Length bytes.");
                }

                read += n;
            }

            return exact;
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var n = await request.Body.ReadAsync(memory, cancellationToken);
            if (n == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(n);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
