#!/bin/bash
# Boot check for the tiny (or rescue) image under libvirt (qemu:///system, TCG): define a transient domain on a
# qcow2 overlay of the cached image, wait for the guest agent, print the seconds, destroy, clean up.
#   Images/tiny/smoke.sh [--image tiny|rescue] [--runs N] [--full] [--config-drive] [--rescue]
#     --runs N        boot N times, one after the other (default 1), and print boot-to-agent seconds for each
#     --full          also: osinfo, host name, interfaces, set-user-password, reboot --mode agent, shutdown --mode acpi
#     --config-drive  attach a config-2 ISO (hostname cfgtest) as an IDE cdrom and check the agent reports cfgtest
#     --config-drive-vfat  the same with a VFAT config-2 drive as a second virtio disk
#     --firstboot     before booting, install (with guestfish, one appliance launch) /etc/init.d/glint-smoke with the
#                     link /etc/rc2.d/S99glint-smoke in the overlay, and check that it ran at boot
#     --console FILE  copy the serial console log of the last run to FILE
#     --rescue        boot the rescue image first and a tiny overlay second; check the rescue root is the one
#                     mounted and the second disk is left unmounted
# Needs root, libvirtd + virtlogd (started here if not running), genisoimage for --config-drive.
# QEMU runs as root here (<seclabel model='dac'> +0:+0, relabel='no') because the default image cache is under
# /root, which libvirt-qemu cannot traverse.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
image=tiny; runs=1; full=0; cdrom=0; cdfmt=iso; firstboot=0; rescue=0; console=""
while [ $# -gt 0 ]; do
    case "$1" in
        --image) image="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --full) full=1; shift ;;
        --config-drive) cdrom=1; shift ;;
        --config-drive-vfat) cdrom=1; cdfmt=vfat; shift ;;
        --rescue) rescue=1; shift ;;
        --firstboot) firstboot=1; shift ;;
        --console) console="$2"; shift 2 ;;
        *) echo "usage: $0 [--image tiny|rescue] [--runs N] [--full] [--config-drive] [--rescue]" >&2; exit 2 ;;
    esac
done
export LIBVIRT_DEFAULT_URI=qemu:///system
pgrep -x virtlogd >/dev/null || virtlogd -d
pgrep -x libvirtd >/dev/null || { libvirtd -d; sleep 1; }

base="$("$here/../build.sh" "$image" | tail -n1)"
[ "$rescue" = 1 ] && { image=rescue; rbase="$("$here/../build.sh" rescue | tail -n1)"; tbase="$("$here/../build.sh" tiny | tail -n1)"; }
work="$(mktemp -d /tmp/glint-smoke.XXXXXX)"
dom="glint-smoke-$$"
cleanup() {
    virsh destroy "$dom" >/dev/null 2>&1 || true
    [ -n "$console" ] && [ -f "$work/console.log" ] && cp "$work/console.log" "$console"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
agent() { virsh qemu-agent-command "$dom" --timeout 10 "$1"; }
ping_ok() { virsh qemu-agent-command "$dom" --timeout 2 '{"execute":"guest-ping"}' >/dev/null 2>&1; }
wait_agent() {   # wait_agent TIMEOUT: poll guest-ping every 0.25 s
    local end=$(( $(date +%s) + $1 ))
    until ping_ok; do
        [ "$(date +%s)" -lt "$end" ] || return 1
        sleep 0.25
    done
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
gexec() {        # gexec 'shell command': run it in the guest through the agent, print its stdout
    local pid out
    pid="$(agent "$(python3 -c 'import json,sys; print(json.dumps({"execute":"guest-exec","arguments":{"path":"/bin/sh","arg":["-c",sys.argv[1]],"capture-output":True}}))' "$1")" | json 'd["return"]["pid"]')"
    for _ in $(seq 50); do
        out="$(agent "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":$pid}}")"
        if [ "$(echo "$out" | json 'd["return"]["exited"]')" = True ]; then
            echo "$out" | json '__import__("base64").b64decode(d["return"].get("out-data","")).decode()'
            return 0
        fi
        sleep 0.2
    done
    return 1
}
disk_xml() {     # disk_xml FILE DEV
    echo "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$1'/><target dev='$2' bus='virtio'/></disk>"
}

make_domain() {
    local disks
    if [ "$rescue" = 1 ]; then
        qemu-img create -q -f qcow2 -F qcow2 -b "$rbase" "$work/rescue.qcow2"
        qemu-img create -q -f qcow2 -F qcow2 -b "$tbase" "$work/instance.qcow2"
        disks="$(disk_xml "$work/rescue.qcow2" vda)$(disk_xml "$work/instance.qcow2" vdb)"
    else
        qemu-img create -q -f qcow2 -F qcow2 -b "$base" "$work/disk.qcow2"
        disks="$(disk_xml "$work/disk.qcow2" vda)"
        if [ "$firstboot" = 1 ]; then
            printf '#!/bin/sh\n# installed by smoke.sh --firstboot\ncase "$1" in start) echo "ran at $(cut -d" " -f1 /proc/uptime)" >> /var/lib/glint-smoke-firstboot ;; esac\n' > "$work/fb.sh"
            local t; t="$(now)"
            LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg guestfish --format=qcow2 -a "$work/disk.qcow2" -m /dev/sda1 \
                upload "$work/fb.sh" /etc/init.d/glint-smoke : chmod 0755 /etc/init.d/glint-smoke : \
                ln-s ../init.d/glint-smoke /etc/rc2.d/S99glint-smoke
            echo "firstboot: installed with guestfish in $(secs "$t" "$(now)") s"
        fi
    fi
    if [ "$cdrom" = 1 ]; then
        mkdir -p "$work/cd/openstack/latest"
        echo '{"uuid": "6d9e1a3c-0b7a-4f4e-9a51-2f1c8b0e7d11", "hostname": "cfgtest", "name": "cfgtest", "public_keys": {"k1": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxpbnRnbGludGdsaW50Z2xpbnRnbGludGdsaW50 smoke@glint"}}' \
            > "$work/cd/openstack/latest/meta_data.json"
        if [ "$cdfmt" = iso ]; then
            genisoimage -quiet -o "$work/cd.iso" -V config-2 -J -R "$work/cd"
            disks="$disks<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='$work/cd.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>"
        else
            mkfs.vfat -n config-2 -C "$work/cd.vfat" 1024 >/dev/null 2>&1
            mcopy -s -i "$work/cd.vfat" "$work/cd/openstack" ::/
            disks="$disks<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$work/cd.vfat'/><target dev='vdz' bus='virtio'/><readonly/></disk>"
        fi
    fi
    cat > "$work/dom.xml" <<XML
<domain type='qemu'>
  <name>$dom</name>
  <memory unit='MiB'>256</memory><currentMemory unit='MiB'>256</currentMemory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/><tcg><tb-cache unit='MiB'>64</tb-cache></tcg></features>
  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>
  <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>
  <devices>
    $disks
    <interface type='user'><model type='virtio'/></interface>
    <serial type='file'><source path='$work/console.log'/><target port='0'/></serial>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <memballoon model='none'/>
  </devices>
  <seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>
</domain>
XML
}

fail() { echo "FAIL: $*" >&2; echo "--- console:" >&2; tail -n 40 "$work/console.log" >&2 || true; exit 1; }

for run in $(seq "$runs"); do
    rm -f "$work"/*.qcow2 "$work/console.log"
    make_domain
    t0="$(now)"
    virsh create "$work/dom.xml" >/dev/null
    wait_agent 120 || fail "no agent after 120 s"
    echo "run $run: boot-to-agent $(secs "$t0" "$(now)") s ($image)"

    if [ "$cdrom" = 1 ]; then
        h="$(agent '{"execute":"guest-get-host-name"}' | json 'd["return"]["host-name"]')"
        [ "$h" = cfgtest ] || fail "config drive: host name is '$h', not cfgtest"
        echo "config drive: agent host name = $h; authorized_keys: $(gexec 'cat /root/.ssh/authorized_keys')"
    fi
    if [ "$firstboot" = 1 ]; then
        fb="$(gexec 'cat /var/lib/glint-smoke-firstboot')"
        [ -n "$fb" ] || fail "firstboot: /etc/rc2.d/S99glint-smoke did not run"
        echo "firstboot: /etc/rc2.d/S99glint-smoke $fb"
    fi
    if [ "$rescue" = 1 ]; then
        h="$(agent '{"execute":"guest-get-osinfo"}' | json 'd["return"]["id"]')"
        m="$(gexec 'grep " / " /proc/mounts; findfs UUID=71a10000-0000-4000-8000-000000000001; grep -c vdb /proc/mounts')"
        echo "rescue: os-release ID $h; / and the instance root: $(echo $m)"
        [ "$h" = glint-rescue ] || fail "rescue: booted $h"
        echo "$m" | grep -q '^/dev/vda1 / ext4' || fail "rescue: / is not /dev/vda1"
        [ "$(echo "$m" | tail -n1)" = 0 ] || fail "rescue: vdb is mounted"
    fi
    if [ "$full" = 1 ]; then
        echo "osinfo: $(agent '{"execute":"guest-get-osinfo"}')"
        echo "host-name: $(agent '{"execute":"guest-get-host-name"}')"
        for _ in $(seq 40); do   # DHCP runs in the background
            ifs="$(agent '{"execute":"guest-network-get-interfaces"}')"
            echo "$ifs" | grep -q '"ip-address": *"10\.' && break || sleep 0.5
        done
        echo "interfaces: $(echo "$ifs" | json '[(i["name"], [a["ip-address"] for a in i.get("ip-addresses",[])]) for i in d["return"]]')"
        t="$(now)"; virsh set-user-password "$dom" root NewPass1 >/dev/null || fail "set-user-password"
        echo "set-user-password root: ok in $(secs "$t" "$(now)") s; shadow: $(gexec 'cut -c1-12 /etc/shadow | head -n1')..."
        boot1="$(gexec 'cat /proc/sys/kernel/random/boot_id')"
        t="$(now)"; virsh reboot --mode agent "$dom" >/dev/null || fail "reboot --mode agent"
        for _ in $(seq 240); do
            sleep 0.5
            if ping_ok && boot2="$(gexec 'cat /proc/sys/kernel/random/boot_id')" && [ -n "$boot2" ] && [ "$boot2" != "$boot1" ]; then break; fi
        done
        [ "${boot2:-}" != "$boot1" ] && [ -n "${boot2:-}" ] || fail "reboot: same boot id"
        echo "reboot --mode agent: agent back after $(secs "$t" "$(now)") s (new boot id)"
        t="$(now)"; virsh shutdown --mode acpi "$dom" >/dev/null || fail "shutdown --mode acpi"
        for _ in $(seq 120); do virsh domstate "$dom" >/dev/null 2>&1 || break; sleep 0.25; done
        virsh domstate "$dom" >/dev/null 2>&1 && fail "still running 30 s after an ACPI shutdown"
        echo "shutdown --mode acpi: domain gone after $(secs "$t" "$(now)") s"
    fi
    virsh destroy "$dom" >/dev/null 2>&1 || true
done
