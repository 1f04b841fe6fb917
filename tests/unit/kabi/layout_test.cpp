// The hand-written 64-bit layout against the build host's own headers.
#include "core/kabi/layout.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/timex.h>

#include <cstddef>

namespace ntpscope::kabi {
namespace {

namespace l = layout;

TEST(Layout, TimexMatchesSysTimex) {
    ASSERT_EQ(sizeof(void*), 8u) << "the kabi layout is the 64-bit ABI";
    EXPECT_EQ(sizeof(struct timex), l::timex::kSize);
    EXPECT_EQ(offsetof(struct timex, modes), l::timex::kModes);
    EXPECT_EQ(offsetof(struct timex, offset), l::timex::kOffset);
    EXPECT_EQ(offsetof(struct timex, freq), l::timex::kFreq);
    EXPECT_EQ(offsetof(struct timex, maxerror), l::timex::kMaxerror);
    EXPECT_EQ(offsetof(struct timex, esterror), l::timex::kEsterror);
    EXPECT_EQ(offsetof(struct timex, status), l::timex::kStatus);
    EXPECT_EQ(offsetof(struct timex, constant), l::timex::kConstant);
    EXPECT_EQ(offsetof(struct timex, precision), l::timex::kPrecision);
    EXPECT_EQ(offsetof(struct timex, tolerance), l::timex::kTolerance);
    EXPECT_EQ(offsetof(struct timex, time.tv_sec), l::timex::kTimeSec);
    EXPECT_EQ(offsetof(struct timex, time.tv_usec), l::timex::kTimeUsec);
    EXPECT_EQ(offsetof(struct timex, tick), l::timex::kTick);
    EXPECT_EQ(offsetof(struct timex, ppsfreq), l::timex::kPpsfreq);
    EXPECT_EQ(offsetof(struct timex, jitter), l::timex::kJitter);
    EXPECT_EQ(offsetof(struct timex, shift), l::timex::kShift);
    EXPECT_EQ(offsetof(struct timex, stabil), l::timex::kStabil);
    EXPECT_EQ(offsetof(struct timex, jitcnt), l::timex::kJitcnt);
    EXPECT_EQ(offsetof(struct timex, calcnt), l::timex::kCalcnt);
    EXPECT_EQ(offsetof(struct timex, errcnt), l::timex::kErrcnt);
    EXPECT_EQ(offsetof(struct timex, stbcnt), l::timex::kStbcnt);
    EXPECT_EQ(offsetof(struct timex, tai), l::timex::kTai);
}

TEST(Layout, ControlMessagesMatchSysSocket) {
    EXPECT_EQ(sizeof(struct cmsghdr), l::kCmsgHeaderSize);
    EXPECT_EQ(offsetof(struct cmsghdr, cmsg_len), l::kCmsgLen);
    EXPECT_EQ(offsetof(struct cmsghdr, cmsg_level), l::kCmsgLevel);
    EXPECT_EQ(offsetof(struct cmsghdr, cmsg_type), l::kCmsgType);
    EXPECT_EQ(CMSG_ALIGN(1), l::kCmsgAlign);
    EXPECT_EQ(CMSG_LEN(0), l::kCmsgHeaderSize);
    EXPECT_EQ(SOL_SOCKET, l::kSolSocket);
    EXPECT_EQ(SO_TIMESTAMP_OLD, l::kScmTimestampOld);
    EXPECT_EQ(SO_TIMESTAMPNS_OLD, l::kScmTimestampNsOld);
    EXPECT_EQ(SO_TIMESTAMPING_OLD, l::kScmTimestampingOld);
    EXPECT_EQ(SO_TIMESTAMP_NEW, l::kScmTimestampNew);
    EXPECT_EQ(SO_TIMESTAMPNS_NEW, l::kScmTimestampNsNew);
    EXPECT_EQ(SO_TIMESTAMPING_NEW, l::kScmTimestampingNew);
    EXPECT_EQ(SCM_TIMESTAMPNS, l::kScmTimestampNsOld);  // 64-bit time_t picks the old numbers
    EXPECT_EQ(sizeof(struct timespec), l::kTimeValueSize);
    EXPECT_EQ(sizeof(struct timeval), l::kTimeValueSize);
    EXPECT_EQ(offsetof(struct timespec, tv_nsec), l::kTimeValueSub);
    EXPECT_EQ(offsetof(struct timeval, tv_usec), l::kTimeValueSub);
}

TEST(Layout, PacketInfoMatchesNetinetIn) {
    EXPECT_EQ(IPPROTO_IP, l::kIpprotoIp);
    EXPECT_EQ(IPPROTO_IPV6, l::kIpprotoIpv6);
    EXPECT_EQ(IP_PKTINFO, l::kIpPktinfo);
    EXPECT_EQ(sizeof(struct in_pktinfo), l::kInPktinfoSize);
    EXPECT_EQ(offsetof(struct in_pktinfo, ipi_addr), l::kIpiAddr);
    EXPECT_EQ(IPV6_PKTINFO, l::kIpv6Pktinfo);
    EXPECT_EQ(sizeof(struct in6_pktinfo), l::kIn6PktinfoSize);
    EXPECT_EQ(offsetof(struct in6_pktinfo, ipi6_addr), l::kIpi6Addr);
}

TEST(Layout, SocketAddressesMatchNetinetIn) {
    EXPECT_EQ(AF_INET, l::kAfInet);
    EXPECT_EQ(AF_INET6, l::kAfInet6);
    EXPECT_EQ(sizeof(struct sockaddr_in), l::kSockaddrInSize);
    EXPECT_EQ(offsetof(struct sockaddr_in, sin_port), l::kSinPort);
    EXPECT_EQ(offsetof(struct sockaddr_in, sin_addr), l::kSinAddr);
    EXPECT_EQ(sizeof(struct sockaddr_in6), l::kSockaddrIn6Size);
    EXPECT_EQ(offsetof(struct sockaddr_in6, sin6_scope_id), l::kSockaddrIn6MinSize);
    EXPECT_EQ(offsetof(struct sockaddr_in6, sin6_port), l::kSin6Port);
    EXPECT_EQ(offsetof(struct sockaddr_in6, sin6_addr), l::kSin6Addr);
    EXPECT_EQ(sizeof(struct sockaddr_storage), l::kSockaddrStorageSize);
}

TEST(Layout, MembershipRequestsMatchNetinetIn) {
    EXPECT_EQ(IP_MULTICAST_IF, l::kIpMulticastIf);
    EXPECT_EQ(IP_ADD_MEMBERSHIP, l::kIpAddMembership);
    EXPECT_EQ(IP_DROP_MEMBERSHIP, l::kIpDropMembership);
    EXPECT_EQ(IP_ADD_SOURCE_MEMBERSHIP, l::kIpAddSourceMembership);
    EXPECT_EQ(IP_DROP_SOURCE_MEMBERSHIP, l::kIpDropSourceMembership);
    EXPECT_EQ(IPV6_ADD_MEMBERSHIP, l::kIpv6AddMembership);
    EXPECT_EQ(IPV6_JOIN_GROUP, l::kIpv6AddMembership);
    EXPECT_EQ(IPV6_DROP_MEMBERSHIP, l::kIpv6DropMembership);
    EXPECT_EQ(IPV6_LEAVE_GROUP, l::kIpv6DropMembership);
    EXPECT_EQ(MCAST_JOIN_GROUP, l::kMcastJoinGroup);
    EXPECT_EQ(MCAST_LEAVE_GROUP, l::kMcastLeaveGroup);

    EXPECT_EQ(sizeof(struct ip_mreq), l::kIpMreqSize);
    EXPECT_EQ(offsetof(struct ip_mreq, imr_multiaddr), l::kImrMultiaddr);
    EXPECT_EQ(offsetof(struct ip_mreq, imr_interface), l::kImrInterface);
    EXPECT_EQ(offsetof(struct ip_mreqn, imr_address), l::kImrInterface);
    EXPECT_EQ(sizeof(struct ip_mreq_source), l::kIpMreqSourceSize);
    EXPECT_EQ(offsetof(struct ip_mreq_source, imr_multiaddr), l::kImrMultiaddr);
    EXPECT_EQ(offsetof(struct ip_mreq_source, imr_interface), l::kImrInterface);
    EXPECT_EQ(sizeof(struct ipv6_mreq), l::kIpv6MreqSize);
    EXPECT_EQ(offsetof(struct ipv6_mreq, ipv6mr_multiaddr), l::kIpv6mrMultiaddr);
    EXPECT_EQ(sizeof(struct group_req), l::kGroupReqSize);
    EXPECT_EQ(offsetof(struct group_req, gr_group), l::kGrGroup);
}

}  // namespace
}  // namespace ntpscope::kabi
