// SPDX-License-Identifier: MPL-2.0
// The French strings only a directory of lists needs (<breach-check directory=...>: one check across every list,
// each list named): they come with the directory code (web/src/directory.js), which only such a page loads, and
// ui/text.js adds them to the French table (typeset there). Keys mirror en-directory.js exactly (a unit test
// checks it).
import { deName } from '../ui/typography.js';

export const frDirectory = {
  directory: {
    foundOne: (name) => `Oui : vos données figurent dans la liste ${deName(name)}`,
    foundMany: (names) => `Oui : vos données figurent dans les listes ${[].concat(names).map(deName).join(', ').replace(/, ([^,]*)$/, ' et $1')}`,
    noneOf: (n) => (n === 1 ? 'Vous n\'êtes pas dans la liste vérifiée' : `Vous n'êtes dans aucune des ${n} listes vérifiées`),
    listsChecked: (names) => `Listes vérifiées : ${names}.`,
    listsConsulted: (names) => `Une seule vérification, dans chacune de ces listes : ${names}.`,
    incompleteTitle: 'Vérification incomplète : une liste n\'a pas pu être vérifiée',
    incompleteText: 'Ce n\'est pas un résultat pour la liste non vérifiée : vous pourriez y figurer. Réessayez plus tard pour elle.',
    inList: (name) => `Dans la liste ${deName(name)}`,
    notInList: (name) => `Pas dans la liste ${deName(name)}`,
    unchecked: (name) => `Liste ${deName(name)} : non vérifiée`,
    uncheckedIntegrity: 'Cette liste n\'a pas passé le contrôle de sécurité (modifiée, périmée ou mal signée) : aucun résultat n\'est donné pour elle. Contactez son éditeur ; ne vous fiez pas à cette page pour cette liste.',
    uncheckedUnavailable: 'Cette liste est injoignable pour l\'instant : ce n\'est pas un résultat. Réessayez dans quelques minutes.',
    listContact: 'Contact de l\'éditeur de cette liste :',
    retryUnchecked: 'Vérifier de nouveau',
  },
};
