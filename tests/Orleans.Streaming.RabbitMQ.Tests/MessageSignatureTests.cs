using System.Text;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>Signatures tell the cluster's own messages from anything else on the exchanges.</summary>
public sealed class MessageSignatureTests
{
    private const string Key = "the-cluster-signing-key-0123456789-abcdefghij";
    private const string NextKey = "the-next-cluster-signing-key-0123456789-abcdef";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"e1","type":"order.created"}""");

    [Fact]
    public void A_message_signed_with_the_key_is_authentic()
    {
        var signer = new MessageSignature(Key);
        var header = signer.Sign("order_exchange", "order.created", "e1", Body);

        Assert.True(signer.Verify("order_exchange", "order.created", "e1", Body, Encoding.UTF8.GetBytes(header), out var problem), problem);
        Assert.True(signer.Verify("order_exchange", "order.created", "e1", Body, header, out problem), problem);
    }

    [Theory]
    [InlineData("product_exchange", "order.created", "e1", """{"id":"e1","type":"order.created"}""")]
    [InlineData("order_exchange", "order.cancelled", "e1", """{"id":"e1","type":"order.created"}""")]
    [InlineData("order_exchange", "order.created", "e2", """{"id":"e1","type":"order.created"}""")]
    [InlineData("order_exchange", "order.created", "e1", """{"id":"e1","type":"order.created","x":1}""")]
    public void A_signed_message_changed_in_exchange_routing_key_id_or_body_is_not(string exchange, string routingKey, string messageId, string body)
    {
        var signer = new MessageSignature(Key);
        var header = signer.Sign("order_exchange", "order.created", "e1", Body);

        Assert.False(signer.Verify(exchange, routingKey, messageId, Encoding.UTF8.GetBytes(body), header, out var problem));
        Assert.Contains("does not match", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "has no x-signature header")]
    [InlineData("v1=not base64!", "is not a v1 signature")]
    [InlineData("v2=AAAA", "is not a v1 signature")]
    public void An_unsigned_or_malformed_message_is_not_and_the_reason_says_why(string? header, string reason)
    {
        Assert.False(new MessageSignature(Key).Verify("order_exchange", "order.created", "e1", Body, header, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void While_a_key_is_rotated_messages_signed_with_either_are_authentic_and_others_are_not()
    {
        var old = new MessageSignature(Key);
        var rotating = new MessageSignature(NextKey, [Key]);
        var stranger = new MessageSignature("somebody-elses-key-0123456789-abcdefghijklmnop");

        Assert.True(rotating.Verify("x", "y", "e1", Body, old.Sign("x", "y", "e1", Body), out _));
        Assert.True(rotating.Verify("x", "y", "e1", Body, rotating.Sign("x", "y", "e1", Body), out _));
        Assert.False(rotating.Verify("x", "y", "e1", Body, stranger.Sign("x", "y", "e1", Body), out _));
        Assert.False(old.Verify("x", "y", "e1", Body, rotating.Sign("x", "y", "e1", Body), out _));
    }
}
