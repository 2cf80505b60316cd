/*
 * Network set-up inside the new network namespace, with the classic ioctls
 * (no RTNETLINK needed): loopback up, the TUN device created, addressed and
 * made the default route for IPv4 and IPv6. Runs in the child after fork, so
 * only raw system calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/ipv6.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/route.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "htapod.h"

/* Zeroes an ifreq and names the device in it; names are shorter than IFNAMSIZ. */
static void ifreq_for(struct ifreq *ifr, const char *name) {
  memset(ifr, 0, sizeof *ifr);
  memcpy(ifr->ifr_name, name, strnlen(name, IFNAMSIZ - 1));
}

/* Sets IFF_UP (and IFF_RUNNING) on a device through an AF_INET socket; 0 or an errno. */
static int link_up(int sock, const char *name) {
  struct ifreq ifr;
  ifreq_for(&ifr, name);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) return errno;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) return errno;
  return 0;
}

/* Brings the namespace's own loopback up, so the command's localhost works. */
int netconf_loopback_up(void) {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return errno;
  int err = link_up(sock, "lo");
  close(sock);
  return err;
}

static void put_sin(struct sockaddr *sa, const uint8_t addr[4]) {
  struct sockaddr_in *sin = (struct sockaddr_in *)sa;
  memset(sin, 0, sizeof *sin);
  sin->sin_family = AF_INET;
  memcpy(&sin->sin_addr, addr, 4);
}

/* Address, netmask and default route for IPv4; 0 or an errno. */
static int configure_ipv4(int sock, const struct net_plan *net) {
  struct ifreq ifr;
  ifreq_for(&ifr, net->ifname);
  put_sin(&ifr.ifr_addr, net->addr4);
  if (ioctl(sock, SIOCSIFADDR, &ifr) < 0) return errno;
  uint32_t mask = net->prefix4 == 0 ? 0 : htonl(~0u << (32 - net->prefix4));
  put_sin(&ifr.ifr_netmask, (const uint8_t *)&mask);
  if (ioctl(sock, SIOCSIFNETMASK, &ifr) < 0) return errno;

  struct rtentry route;
  memset(&route, 0, sizeof route);
  static const uint8_t any[4] = {0, 0, 0, 0};
  put_sin(&route.rt_dst, any);
  put_sin(&route.rt_genmask, any);
  put_sin(&route.rt_gateway, net->gateway4);
  route.rt_flags = RTF_UP | RTF_GATEWAY;
  route.rt_dev = (char *)net->ifname;
  if (ioctl(sock, SIOCADDRT, &route) < 0) return errno;
  return 0;
}

/* Address and default route for IPv6; 0 or an errno. */
static int configure_ipv6(const struct net_plan *net, int ifindex) {
  int sock = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return errno;
  int err = 0;
  struct in6_ifreq addr;
  memset(&addr, 0, sizeof addr);
  memcpy(&addr.ifr6_addr, net->addr6, 16);
  addr.ifr6_prefixlen = net->prefix6;
  addr.ifr6_ifindex = ifindex;
  if (ioctl(sock, SIOCSIFADDR, &addr) < 0) err = errno;

  struct in6_rtmsg route;
  memset(&route, 0, sizeof route);
  memcpy(&route.rtmsg_gateway, net->gateway6, 16);
  route.rtmsg_flags = RTF_UP | RTF_GATEWAY;
  route.rtmsg_metric = 1;
  route.rtmsg_ifindex = ifindex;
  if (err == 0 && ioctl(sock, SIOCADDRT, &route) < 0) err = errno;
  close(sock);
  return err;
}

/* The kernel inside would otherwise send router solicitations nobody answers. */
static void quiet_router_solicitations(const char *ifname) {
  char path[96] = "/proc/sys/net/ipv6/conf/";
  strncat(path, ifname, IFNAMSIZ);
  strncat(path, "/router_solicitations", sizeof path - strlen(path) - 1);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (write(fd, "0", 1) < 0) { /* best effort: stray solicitations are tolerated */ }
    close(fd);
  }
}

/* Sets the device's MTU; 0 or an errno. */
static int set_mtu(int sock, const char *name, int mtu) {
  struct ifreq ifr;
  ifreq_for(&ifr, name);
  ifr.ifr_mtu = mtu;
  return ioctl(sock, SIOCSIFMTU, &ifr) < 0 ? errno : 0;
}

/*
 * Raises the device's transmit queue (the packets waiting for htapod to read
 * them): the default of 500 overflows in bursts when the reader is briefly
 * descheduled. Over RTNETLINK, since the SIOCSIFTXQLEN ioctl wants
 * CAP_NET_ADMIN in the initial namespace. Returns 0 or an errno.
 */
static int set_txqueuelen(int ifindex, int length) {
  int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (sock < 0) return errno;
  struct {
    struct nlmsghdr header;
    struct ifinfomsg info;
    struct rtattr attr;
    uint32_t value;
  } request;
  memset(&request, 0, sizeof request);
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = RTM_NEWLINK;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  request.info.ifi_family = AF_UNSPEC;
  request.info.ifi_index = ifindex;
  request.attr.rta_type = IFLA_TXQLEN;
  request.attr.rta_len = RTA_LENGTH(sizeof request.value);
  request.value = (uint32_t)length;
  int err = 0;
  if (send(sock, &request, sizeof request, 0) < 0) err = errno;
  struct {
    struct nlmsghdr header;
    struct nlmsgerr error;
  } ack;
  if (err == 0 && recv(sock, &ack, sizeof ack, 0) < (ssize_t)sizeof ack) err = EPROTO;
  if (err == 0 && ack.header.nlmsg_type == NLMSG_ERROR) err = -ack.error.error;
  close(sock);
  return err;
}

/* MTU, queue, link up, then IPv4 and IPv6; 0 or an errno, naming the step. */
static int configure_tun(const struct net_plan *net, int *failed_step) {
  *failed_step = STEP_TUN_CONFIG;
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return errno;
  struct ifreq ifr;
  ifreq_for(&ifr, net->ifname);
  int err = ioctl(sock, SIOCGIFINDEX, &ifr) < 0 ? errno : 0;
  int ifindex = ifr.ifr_ifindex;
  if (err == 0) err = set_mtu(sock, net->ifname, net->mtu);
  if (err == 0) err = set_txqueuelen(ifindex, net->txqueuelen);
  if (err == 0 && net->ipv6) quiet_router_solicitations(net->ifname);
  if (err == 0) err = link_up(sock, net->ifname);
  if (err == 0) {
    *failed_step = STEP_IPV4;
    err = configure_ipv4(sock, net);
  }
  close(sock);
  if (err == 0 && net->ipv6) {
    *failed_step = STEP_IPV6;
    err = configure_ipv6(net, ifindex);
  }
  return err;
}

/*
 * Opens /dev/net/tun (here, inside the network namespace, so the device
 * belongs to it), creates the device and routes through it. On failure
 * returns the errno and names the step in *failed_step.
 */
int netconf_create_tun(const struct net_plan *net, int *tun_fd, int *failed_step) {
  *failed_step = STEP_TUN_OPEN;
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno;

  *failed_step = STEP_TUN_CREATE;
  struct ifreq ifr;
  ifreq_for(&ifr, net->ifname);
  /* Each packet carries a virtio_net_hdr, so checksums can be left to the
   * other side (both ways) and the kernel may hand over TSO super-segments. */
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR;
  int err = ioctl(fd, TUNSETIFF, &ifr) < 0 ? errno : 0;
  if (err == 0 && ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6) < 0) err = errno;
  /* Persistent, so closing htapod's fd at the end of a run does not unregister the device in
   * that close (~15 ms of RCU waits on the run's exit path): the kernel unregisters it with the
   * namespace, in its own worker, once the run's last process and descriptor are gone. */
  if (err == 0 && ioctl(fd, TUNSETPERSIST, 1) < 0) err = errno;
  if (err == 0) err = configure_tun(net, failed_step);
  if (err != 0) {
    close(fd);
    return err;
  }
  *tun_fd = fd;
  return 0;
}
