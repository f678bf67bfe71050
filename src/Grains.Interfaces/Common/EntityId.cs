using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EcommerceBackend.Contracts;

/// <summary>
/// Ids in the shape of the original's MongoDB ObjectIds: 24 lower-case hexadecimal characters, a 4-byte
/// creation time in seconds followed by 8 random bytes, so they sort roughly by creation and never collide
/// in practice across API nodes.
/// </summary>
public static class EntityId
{
    /// <summary>The length of an id.</summary>
    public const int Length = 24;

    /// <summary>Makes a new id.</summary>
    public static string New(TimeProvider? time = null)
    {
        Span<byte> bytes = stackalloc byte[12];
        var seconds = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)seconds);
        NextRandom(bytes[4..]);
        return Convert.ToHexStringLower(bytes);
    }

    // Cryptographic random bytes drawn a block at a time per thread: one system call per 64 ids, not one per id.
    [ThreadStatic] private static byte[]? s_random;
    [ThreadStatic] private static int s_randomUsed;

    private static void NextRandom(Span<byte> destination)
    {
        if (s_random is null || s_randomUsed + destination.Length > s_random.Length)
        {
            s_random ??= new byte[512];
            RandomNumberGenerator.Fill(s_random);
            s_randomUsed = 0;
        }

        s_random.AsSpan(s_randomUsed, destination.Length).CopyTo(destination);
        s_randomUsed += destination.Length;
    }

    /// <summary>Makes the id that a name always maps to (for seeded records every node must agree on).</summary>
    public static string FromName(string name)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>Whether a string has the shape of an id (lower-case hex); anything else cannot name a record.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
