/// The fields of a FAT boot sector the vfat writer and reader need: the geometry (to tell whether content fits
/// before copying it) and the label.
struct FATBootSector: Sendable, Equatable {
    var bytesPerSector: Int
    var sectorsPerCluster: Int
    /// Slots in the fixed root directory (FAT12/16); 0 on FAT32, whose root directory is a cluster chain.
    var rootEntries: Int
    /// Clusters in the data region.
    var clusterCount: Int
    /// `FAT12`, `FAT16` or `FAT32`, by cluster count as the FAT specification decides it.
    var fatType: String
    /// The boot sector's volume label, trailing spaces removed; `nil` without an extended boot signature.
    var label: String?

    var clusterSize: Int { bytesPerSector * sectorsPerCluster }
    /// Clusters free for content on a fresh filesystem (FAT32's root directory takes one).
    var freeClusters: Int { fatType == "FAT32" ? clusterCount - 1 : clusterCount }

    /// Parses the first sector; `nil` when it is not a FAT boot sector.
    init?(_ sector: [UInt8]) {
        guard sector.count >= 512, sector[510] == 0x55, sector[511] == 0xAA else { return nil }
        func u16(_ offset: Int) -> Int { Int(sector[offset]) | Int(sector[offset + 1]) << 8 }
        func u32(_ offset: Int) -> Int { u16(offset) | u16(offset + 2) << 16 }
        let bytesPerSector = u16(11)
        let sectorsPerCluster = Int(sector[13])
        let reserved = u16(14)
        let fats = Int(sector[16])
        let rootEntries = u16(17)
        let totalSectors = u16(19) != 0 ? u16(19) : u32(32)
        let fatSectors = u16(22) != 0 ? u16(22) : u32(36)
        guard [512, 1024, 2048, 4096].contains(bytesPerSector), sectorsPerCluster > 0,
            sectorsPerCluster & (sectorsPerCluster - 1) == 0, fats > 0, fatSectors > 0, reserved > 0
        else { return nil }
        let rootSectors = (rootEntries * 32 + bytesPerSector - 1) / bytesPerSector
        let dataSectors = totalSectors - reserved - fats * fatSectors - rootSectors
        guard dataSectors > 0 else { return nil }
        self.bytesPerSector = bytesPerSector
        self.sectorsPerCluster = sectorsPerCluster
        self.rootEntries = rootEntries
        self.clusterCount = dataSectors / sectorsPerCluster
        self.fatType = clusterCount < 4085 ? "FAT12" : clusterCount < 65525 ? "FAT16" : "FAT32"
        // The extended boot record sits after the FAT32-only fields on FAT32.
        let extended = u16(22) == 0 ? 64 : 36
        if sector[extended + 2] == 0x29 {
            let raw = sector[(extended + 7)..<(extended + 18)]
            let text = String(decoding: raw, as: UTF8.self)
            let trimmed = String(text.reversed().drop { $0 == " " || $0 == "\0" }.reversed())
            self.label = trimmed == "NO NAME" ? nil : trimmed
        } else {
            self.label = nil
        }
    }
}
