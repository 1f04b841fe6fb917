#include <gtest/gtest.h>

#include "core/ntp/packet.hpp"
#include "packet_builder.hpp"

namespace ntpscope::ntp {
namespace {

using test::PacketBuilder;

constexpr uint16_t kUniqueIdentifier = 0x0104;
constexpr uint16_t kCookie = 0x0204;
constexpr uint16_t kCookiePlaceholder = 0x0304;
constexpr uint16_t kAuthenticator = 0x0404;

// An NTS client request as RFC 8915 section 5.7 lays it out.
PacketBuilder nts_request() {
    return PacketBuilder()
        .mode(3)
        .extension(kUniqueIdentifier, 36)
        .extension(kCookie, 104)
        .extension(kCookiePlaceholder, 104)
        .extension(kAuthenticator, 40);
}

TEST(Trailer, Md5MacMakesA68BytePacket) {
    const auto bytes = PacketBuilder().mode(5).mac(0x00000033, 16).bytes();
    ASSERT_EQ(bytes.size(), 68u);
    const Packet p = decode(bytes);
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.key_id, 0x33u);
    EXPECT_EQ(p.digest_len, 16);
    EXPECT_EQ(p.extensions.count, 0);
}

TEST(Trailer, Sha1MacMakesA72BytePacket) {
    const auto bytes = PacketBuilder().mode(4).mac(0xfffffffe, 20).bytes();
    ASSERT_EQ(bytes.size(), 72u);
    const Packet p = decode(bytes);
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.key_id, 0xfffffffeu);
    EXPECT_EQ(p.digest_len, 20);
}

TEST(Trailer, LoneZeroKeyIdIsACryptoNak) {
    const auto bytes = PacketBuilder().mode(4).mac(0, 0).bytes();
    ASSERT_EQ(bytes.size(), 52u);
    const Packet p = decode(bytes);
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.auth, Auth::crypto_nak);
    EXPECT_EQ(p.digest_len, 0);
}

TEST(Trailer, LoneNonZeroKeyIdIsAMacWithoutDigest) {
    const Packet p = decode(PacketBuilder().mode(4).mac(9, 0).bytes());
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.key_id, 9u);
    EXPECT_EQ(p.digest_len, 0);
}

TEST(Trailer, NtsRequestWithoutMacCountsEveryField) {
    const Packet p = decode(nts_request().bytes());
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.auth, Auth::nts);
    EXPECT_EQ(p.extensions.count, 4);
    EXPECT_TRUE(p.extensions.unique_identifier);
    EXPECT_TRUE(p.extensions.cookie);
    EXPECT_TRUE(p.extensions.cookie_placeholder);
    EXPECT_TRUE(p.extensions.authenticator);
    EXPECT_FALSE(p.extensions.malformed);
    EXPECT_FALSE(p.trailer_truncated);
}

TEST(Trailer, NtsServerResponseHasNoPlaceholder) {
    const Packet p = decode(PacketBuilder()
                                .mode(4)
                                .extension(kUniqueIdentifier, 36)
                                .extension(kAuthenticator, 136)
                                .bytes());
    EXPECT_EQ(p.auth, Auth::nts);
    EXPECT_EQ(p.extensions.count, 2);
    EXPECT_FALSE(p.extensions.cookie_placeholder);
}

TEST(Trailer, ExtensionFieldFollowedByMac) {
    const Packet p = decode(PacketBuilder()
                                .mode(3)
                                .extension(kUniqueIdentifier, 16)
                                .mac(42, 20)
                                .bytes());
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.extensions.count, 1);
    EXPECT_TRUE(p.extensions.unique_identifier);
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.key_id, 42u);
    EXPECT_EQ(p.digest_len, 20);
}

TEST(Trailer, NtsAuthenticatorWinsOverAFollowingMac) {
    const Packet p = decode(PacketBuilder().extension(kAuthenticator, 40).mac(1, 16).bytes());
    EXPECT_EQ(p.auth, Auth::nts);
    EXPECT_EQ(p.key_id, 1u);
}

TEST(Trailer, ShortLastFieldWithoutMacReadsAsMacPerRfc7822) {
    // A last field under 28 bytes is indistinguishable from a MAC: that is why RFC 7822
    // forbids it. The decoder must take the trailing 16 bytes as key id + 12-byte digest.
    const Packet p = decode(PacketBuilder().extension(0x2005, 28).extension(0x2005, 16).bytes());
    EXPECT_EQ(p.extensions.count, 1);
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.key_id, 0x20050010u);
    EXPECT_EQ(p.digest_len, 12);
}

TEST(Trailer, FieldShorterThanSixteenIsMalformed) {
    const Packet p = decode(PacketBuilder().extension(kUniqueIdentifier, 28, 12).bytes());
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_TRUE(p.extensions.malformed);
    EXPECT_EQ(p.extensions.count, 0);
    EXPECT_EQ(p.auth, Auth::none);
}

TEST(Trailer, FieldLengthNotAWordMultipleIsMalformed) {
    const Packet p = decode(PacketBuilder().extension(kUniqueIdentifier, 32, 30).bytes());
    EXPECT_TRUE(p.extensions.malformed);
}

TEST(Trailer, FieldLengthPastThePacketIsMalformed) {
    const Packet p = decode(PacketBuilder().extension(kCookie, 32, 200).bytes());
    EXPECT_TRUE(p.extensions.malformed);
    EXPECT_EQ(p.extensions.count, 0);
}

TEST(Trailer, MalformedSecondFieldKeepsTheFirst) {
    const Packet p = decode(PacketBuilder()
                                .extension(kUniqueIdentifier, 36)
                                .extension(kCookie, 32, 0)
                                .bytes());
    EXPECT_EQ(p.extensions.count, 1);
    EXPECT_TRUE(p.extensions.unique_identifier);
    EXPECT_TRUE(p.extensions.malformed);
    EXPECT_FALSE(p.extensions.cookie);
}

TEST(Trailer, TrailerOfPartialWordsIsNotNtp) {
    auto bytes = PacketBuilder().mode(3).bytes();
    bytes.resize(55, 0);
    EXPECT_EQ(decode(bytes).kind, Kind::not_ntp);
}

TEST(Trailer, VersionThreeCarriesOnlyAMac) {
    // Without extension fields a v3 trailer longer than 24 bytes is still one MAC (chrony
    // sends SHA-256 digests in NTPv3).
    const Packet p = decode(PacketBuilder().version(3).mac(5, 32).bytes());
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.digest_len, 32);
    EXPECT_EQ(p.extensions.count, 0);
}

TEST(Trailer, VersionThreeTrailerLongerThanAnyMacIsNotNtp) {
    EXPECT_EQ(decode(PacketBuilder().version(3).mac(5, 64).bytes()).kind, Kind::ntp);
    EXPECT_EQ(decode(PacketBuilder().version(3).mac(5, 68).bytes()).kind, Kind::not_ntp);
}

TEST(TrailerCapture, MacWithoutCapturedKeyIdStillCountsTheDigest) {
    const auto bytes = PacketBuilder().mode(5).mac(0x33, 16).bytes();
    const Packet p = decode(test::first(bytes, 48), bytes.size());
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_TRUE(p.trailer_truncated);
    EXPECT_EQ(p.auth, Auth::mac);
    EXPECT_EQ(p.digest_len, 16);
    EXPECT_EQ(p.key_id, 0u);
    EXPECT_EQ(decode(test::first(bytes, 52), bytes.size()).key_id, 0x33u);
}

TEST(TrailerCapture, UncapturedLoneKeyIdIsTakenAsCryptoNak) {
    const auto bytes = PacketBuilder().mode(4).mac(0, 0).bytes();
    const Packet p = decode(test::first(bytes, 48), 52);
    EXPECT_EQ(p.auth, Auth::crypto_nak);
    EXPECT_TRUE(p.trailer_truncated);
}

TEST(TrailerCapture, SkipsFieldsWhoseBodyWasNotCaptured) {
    const auto bytes = nts_request().bytes();
    // UID (36) whole, the cookie's 4-byte header captured, its body and the rest not.
    const Packet p = decode(test::first(bytes, 48 + 36 + 4), bytes.size());
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_TRUE(p.trailer_truncated);
    EXPECT_EQ(p.extensions.count, 2);
    EXPECT_TRUE(p.extensions.cookie);
    EXPECT_FALSE(p.extensions.cookie_placeholder);
    EXPECT_FALSE(p.extensions.malformed);
    EXPECT_EQ(p.auth, Auth::none);  // the authenticator was not seen
}

TEST(TrailerCapture, EveryCaptureLengthOfAnNtsPacketIsSafe) {
    const auto bytes = nts_request().bytes();
    uint16_t last_count = 0;
    for (size_t n = kHeaderSize; n <= bytes.size(); ++n) {
        const Packet p = decode(test::first(bytes, n), bytes.size());
        ASSERT_EQ(p.kind, Kind::ntp) << n;
        EXPECT_EQ(p.trailer_truncated, n < bytes.size()) << n;
        EXPECT_FALSE(p.extensions.malformed) << n;
        EXPECT_GE(p.extensions.count, last_count) << n;
        last_count = p.extensions.count;
    }
    EXPECT_EQ(last_count, 4);
}

TEST(TrailerCapture, EveryCaptureLengthOfAMacPacketIsSafe) {
    const auto bytes = PacketBuilder().mode(4).extension(kUniqueIdentifier, 16).mac(77, 20).bytes();
    for (size_t n = kHeaderSize; n <= bytes.size(); ++n) {
        const Packet p = decode(test::first(bytes, n), bytes.size());
        ASSERT_EQ(p.kind, Kind::ntp) << n;
        EXPECT_EQ(p.trailer_truncated, n < bytes.size()) << n;
        EXPECT_EQ(p.auth, n >= 52 ? Auth::mac : Auth::none) << n;
        EXPECT_EQ(p.key_id, n >= 48 + 16 + 4 ? 77u : 0u) << n;
    }
}

}  // namespace
}  // namespace ntpscope::ntp
