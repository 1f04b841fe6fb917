#include "mac.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "ntp_header.hpp"

namespace ntplab {
namespace {

// A mode-5 header and its MAC under "lab-secret", computed independently with Python's
// hashlib: md5(b"lab-secret" + header).
std::array<uint8_t, kHeaderSize> sample_header() {
    Header h;
    h.mode = 5;
    h.stratum = 2;
    h.poll = 6;
    h.precision = -20;
    h.root_delay = 0x290;
    h.root_dispersion = 0x4A0;
    h.refid = 0xC0000201;
    h.reference = {1, 2};
    h.transmit = {0xEEB2FC3A, 0x5F97A000};
    return encode(h);
}
constexpr uint8_t kExpectedDigest[16] = {0x8e, 0x46, 0x3e, 0xf0, 0xb0, 0x54, 0x05, 0x9c,
                                         0x97, 0xb7, 0x9a, 0x5d, 0x8f, 0x90, 0x71, 0xb9};

class Mac : public ::testing::Test {
protected:
    Mac() {
        keys.add(3, "lab-secret");
        keys.add(4, "other-secret");
    }
    KeyRing keys;
    const uint32_t trusted[1] = {3};
};

TEST_F(Mac, AppendsKeyIdAndTheMd5OfSecretAndPacket) {
    const auto packet = append_mac(sample_header(), 3, "lab-secret");
    ASSERT_EQ(packet.size(), 68u);
    EXPECT_EQ(packet[48], 0);
    EXPECT_EQ(packet[51], 3);
    EXPECT_TRUE(std::equal(std::begin(kExpectedDigest), std::end(kExpectedDigest), packet.begin() + 52));
}

TEST_F(Mac, AcceptsAGoodMacFromATrustedKey) {
    const auto packet = append_mac(sample_header(), 3, "lab-secret");
    const MacCheck c = check_mac(packet, keys, trusted);
    EXPECT_EQ(c.status, MacStatus::ok);
    EXPECT_EQ(c.key_id, 3u);
}

TEST_F(Mac, RejectsATamperedPacketAWrongSecretAndAnUntrustedKey) {
    auto tampered = append_mac(sample_header(), 3, "lab-secret");
    tampered[40] ^= 1;
    EXPECT_EQ(check_mac(tampered, keys, trusted).status, MacStatus::bad_digest);
    EXPECT_EQ(check_mac(append_mac(sample_header(), 3, "wrong"), keys, trusted).status,
              MacStatus::bad_digest);
    EXPECT_EQ(check_mac(append_mac(sample_header(), 4, "other-secret"), keys, trusted).status,
              MacStatus::untrusted);
}

TEST_F(Mac, TellsCryptoNaksBareHeadersAndOddTrailersApart) {
    const auto header = sample_header();
    const auto nak = append_crypto_nak(header);
    ASSERT_EQ(nak.size(), 52u);
    EXPECT_EQ(check_mac(nak, keys, trusted).status, MacStatus::crypto_nak);
    EXPECT_EQ(check_mac(header, keys, trusted).status, MacStatus::none);
    std::vector<uint8_t> odd(header.begin(), header.end());
    odd.resize(56);
    EXPECT_EQ(check_mac(odd, keys, trusted).status, MacStatus::malformed);
}

class KeysFile : public ::testing::Test {
protected:
    std::string write(const std::string& text) {
        std::ofstream(path) << text;
        return path;
    }
    ~KeysFile() override { std::remove(path.c_str()); }
    std::string path = ::testing::TempDir() + "ntplab_keys_test.keys";
};

TEST_F(KeysFile, LoadsMd5KeysAndSkipsComments) {
    const KeyRing ring = KeyRing::load(write("# lab keys\n1 MD5 alpha\n\n2 md5 beta # s12\n"));
    ASSERT_NE(ring.secret(1), nullptr);
    EXPECT_EQ(*ring.secret(1), "alpha");
    EXPECT_EQ(*ring.secret(2), "beta");
    EXPECT_EQ(ring.secret(3), nullptr);
}

TEST_F(KeysFile, NamesFileAndLineOfABadEntry) {
    write("1 MD5 alpha\n2 SHA1 beta\n");
    try {
        KeyRing::load(path);
        FAIL() << "SHA1 accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), path + ":2: key type SHA1 not supported (MD5 only)");
    }
    EXPECT_THROW(KeyRing::load(write("0 MD5 zero\n")), std::runtime_error);
    EXPECT_THROW(KeyRing::load(write("7 MD5\n")), std::runtime_error);
    EXPECT_THROW(KeyRing::load(path + ".missing"), std::runtime_error);
}

}  // namespace
}  // namespace ntplab
